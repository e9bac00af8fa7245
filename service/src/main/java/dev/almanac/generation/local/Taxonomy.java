package dev.almanac.generation.local;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The categories a tenant sorts its documents into. Each label is compared with a document by
 * meaning, through its description, so descriptions should name what documents of that category
 * talk about. A document whose best similarity is below {@code threshold} is
 * {@value #UNCATEGORIZED}.
 */
public record Taxonomy(List<Category> categories, double threshold) {

    public static final String UNCATEGORIZED = "uncategorized";

    /** Cosine similarity (document vs. "label: description") below which nothing fits. */
    public static final double DEFAULT_THRESHOLD = 0.05;

    public record Category(String label, String description) {
        public Category {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a taxonomy category needs a label");
            }
            label = label.strip().toLowerCase(java.util.Locale.ROOT);
            description = description == null ? "" : description.strip();
        }

        String prompt() {
            return description.isEmpty() ? label : label + ": " + description;
        }

        /** The label and each term of the description ("a, b and c"): the category's facets. */
        List<String> facets() {
            var facets = new java.util.ArrayList<String>();
            facets.add(label);
            for (String term : description.split(",|;|\\band\\b|\\bor\\b")) {
                if (!term.isBlank()) {
                    facets.add(term.strip());
                }
            }
            return facets;
        }
    }

    public Taxonomy {
        Objects.requireNonNull(categories, "categories");
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("a taxonomy needs at least one category");
        }
        if (threshold < -1 || threshold > 1) {
            throw new IllegalArgumentException("a taxonomy threshold is a cosine similarity between -1 and 1");
        }
        var labels = new HashSet<String>();
        for (Category category : categories) {
            if (!labels.add(category.label()) || category.label().equals(UNCATEGORIZED)) {
                throw new IllegalArgumentException("duplicate or reserved taxonomy label: " + category.label());
            }
        }
        categories = List.copyOf(categories);
    }

    /** What a tenant gets before configuring anything: broad business and technical areas. */
    public static Taxonomy defaults() {
        return DEFAULT;
    }

    private static final Taxonomy DEFAULT = new Taxonomy(List.of(
            new Category("finance", "money, accounting, budgets, revenue, profit, investment, banking, tax and financial reports"),
            new Category("marketing", "brand, advertising campaigns, audiences, social media, content marketing and promotion"),
            new Category("sales", "selling to customers, deals, sales pipeline, quotes, pricing negotiations and quotas"),
            new Category("engineering", "software and its development: programs, source code, software releases, frameworks, APIs, libraries, command-line tools, file formats, servers and bug fixes"),
            new Category("data", "data analysis, analytics, statistics, dashboards, machine learning and data pipelines"),
            new Category("legal", "law, contracts, licenses, terms and conditions, compliance, liability and intellectual property"),
            new Category("human resources", "hiring, recruitment, employees, payroll, benefits, performance reviews and workplace policies"),
            new Category("operations", "logistics, supply chain, inventory, shipping, procurement, facilities and processes"),
            new Category("healthcare", "medicine, patients, diagnosis, treatment, clinical care, hospitals and health"),
            new Category("research", "scientific research, experiments, hypotheses, methods, results and academic papers"),
            new Category("education", "teaching, learning, courses, students, schools, training and curricula"),
            new Category("security", "information security, vulnerabilities, encryption, authentication, access control and threats")),
            DEFAULT_THRESHOLD);
}
