package dev.almanac.generation.local;

import java.util.Set;

/**
 * English function words (a keyphrase may not start or end with one) plus the filler that real
 * documents are full of and that never makes a useful tag (URL parts, "e.g.", "also", "use").
 */
final class Stopwords {

    private Stopwords() {}

    static boolean contains(String lowerCaseWord) {
        return WORDS.contains(lowerCaseWord);
    }

    private static final Set<String> WORDS = Set.of(
            "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone",
            "along", "already", "also", "although", "always", "am", "among", "amongst", "an", "and", "another",
            "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as", "at", "back", "be",
            "became", "because", "become", "becomes", "becoming", "been", "before", "beforehand", "behind", "being",
            "below", "beside", "besides", "between", "beyond", "both", "but", "by", "can", "cannot", "could",
            "did", "do", "does", "doing", "done", "down", "due", "during", "each", "either", "else", "elsewhere",
            "enough", "etc", "even", "ever", "every", "everyone", "everything", "everywhere", "except", "few",
            "first", "for", "former", "formerly", "from", "further", "get", "gets", "getting", "give", "given",
            "go", "goes", "had", "has", "have", "having", "he", "hence", "her", "here", "hereby", "herein",
            "hers", "herself", "him", "himself", "his", "how", "however", "i", "ie", "if", "in", "indeed", "into",
            "is", "it", "its", "itself", "just", "last", "latter", "least", "less", "let", "like", "made", "make",
            "makes", "many", "may", "me", "meanwhile", "might", "mine", "more", "moreover", "most", "mostly",
            "much", "must", "my", "myself", "namely", "neither", "never", "nevertheless", "next", "no", "nobody",
            "none", "nor", "not", "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only",
            "onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per",
            "perhaps", "please", "put", "quite", "rather", "re", "really", "same", "see", "seem", "seemed",
            "seeming", "seems", "several", "she", "should", "since", "so", "some", "somehow", "someone",
            "something", "sometime", "sometimes", "somewhere", "still", "such", "take", "than", "that", "the",
            "their", "theirs", "them", "themselves", "then", "thence", "there", "thereafter", "thereby",
            "therefore", "therein", "thereupon", "these", "they", "this", "those", "though", "through",
            "throughout", "thru", "thus", "to", "together", "too", "toward", "towards", "under", "unless",
            "until", "up", "upon", "us", "use", "used", "uses", "using", "very", "via", "was", "we", "well",
            "were", "what", "whatever", "when", "whence", "whenever", "where", "whereas", "whereby", "wherein",
            "whether", "which", "while", "who", "whoever", "whole", "whom", "whose", "why", "will", "with",
            "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
            "don't", "doesn't", "isn't", "aren't", "can't", "won't", "it's", "i'm", "you're", "we're", "they're",
            "new", "old", "way", "ways", "thing", "things", "lot", "lots", "able", "want", "need", "needs",
            "e.g", "i.e", "eg", "http", "https", "www", "com", "org", "html", "yes", "ok", "two", "three",
            "four", "five", "six", "seven", "eight", "nine", "ten", "second", "third", "said", "says", "say", "shall", "ought", "percent", "per cent");
}
