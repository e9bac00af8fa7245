package dev.almanac.generation.local;

/**
 * Real prose of the kinds tenants store, written for these tests (so they do not depend on what a
 * machine happens to have under /usr/share/doc).
 */
final class RealTexts {

    private RealTexts() {}

    static final String QUARTERLY_RESULTS = """
            Acme Holdings reported third-quarter revenue of $412 million, up 8 percent from a year earlier, \
            as subscription sales offset weaker hardware demand. Gross margin widened to 61 percent thanks to \
            lower component costs and a favourable product mix. Operating expenses rose 5 percent, driven mainly \
            by higher interest payments on the term loan the company took out to fund its acquisition of a \
            payments processor. Net income came in at $37 million, or 52 cents per diluted share, beating analyst \
            estimates of 47 cents. Free cash flow for the quarter was $58 million, and the board approved a \
            quarterly dividend of 12 cents per share.

            The company ended the period with $290 million in cash and short-term investments against \
            $510 million of long-term debt. Management raised its full-year revenue guidance to between \
            $1.62 billion and $1.65 billion, while warning that currency movements could reduce reported \
            earnings by about two cents per share. Capital expenditure is expected to remain near 4 percent of \
            revenue as the company invests in data centres. Shares rose 6 percent in after-hours trading \
            following the earnings release.
            """;

    static final String RELEASE_NOTES = """
            Version 3.2 of the Lumen web framework is now available. This release adds support for HTTP/2 \
            server push and a new asynchronous request handler API that lets applications stream responses \
            without blocking worker threads. The routing engine was rewritten to compile route patterns ahead \
            of time, which cuts request dispatch latency by roughly a third in our benchmarks. Configuration \
            files may now be written in YAML as well as TOML.

            Several bugs were fixed: the development server no longer leaks file descriptors when templates are \
            reloaded, and the database connection pool now closes idle connections correctly after a timeout. \
            The deprecated session middleware has been removed; applications should migrate to the cookie-based \
            session store introduced in version 3.0. Python 3.8 is no longer supported, and the minimum \
            required version is now Python 3.10. To upgrade, run pip install --upgrade lumen and review the \
            migration guide in the documentation. As always, we thank the many contributors who reported issues \
            and submitted pull requests for this release.
            """;

    static final String DISCHARGE_NOTE = """
            The patient is a 67-year-old man admitted with chest pain radiating to the left arm and shortness \
            of breath that began two hours before arrival. His history includes hypertension, type 2 diabetes \
            and a previous smoking habit of twenty years. On examination his blood pressure was 158/94 mmHg and \
            his heart rate 104 beats per minute. The electrocardiogram showed ST-segment elevation in the \
            anterior leads, and troponin levels were markedly raised.

            He was diagnosed with an acute anterior myocardial infarction and taken for emergency coronary \
            angiography, which revealed an occluded left anterior descending artery. A drug-eluting stent was \
            placed and blood flow was restored. After the procedure he was started on aspirin, ticagrelor, a \
            high-dose statin and a beta blocker. His recovery on the cardiac ward was uneventful, and he was \
            discharged on the fourth day with a referral to cardiac rehabilitation and advice to monitor his \
            blood glucose closely.
            """;

    static final String EMPLOYMENT_POLICY = """
            All new employees complete a six-month probation period, during which their manager holds a \
            performance review at the end of the third and the sixth month. Annual leave is 25 days per year, \
            plus public holidays, and unused days may be carried over up to a maximum of five. Employees who \
            want to work remotely for more than two days a week must agree a schedule with their team lead and \
            inform the people team.

            Salaries are paid on the last working day of each month; payroll questions go to the people team, \
            not to line managers. Parental leave is 20 weeks at full pay for the primary carer and 6 weeks for \
            the secondary carer. Open positions are first advertised internally for two weeks before external \
            recruitment starts, and every hiring panel includes at least one person from outside the team. \
            Grievances can be raised confidentially with the people team or an elected staff representative.
            """;
}
