package dev.almanac.fuzz;

import java.util.List;

/** The generated choices for one request; {@link RequestBuilder} turns them into bytes. */
record FuzzPlan(int target, Auth auth, String method, String contentType, BodyMutation body, QueryMutation query,
        HeaderMutation header, long seed, List<String> strings, List<String> numbers) {

    enum Auth { ADMIN, WRITER, READER, NONE, GARBAGE, OTHER_TENANT, BASIC, EMPTY_BEARER, NUL_TOKEN }

    enum BodyMutation { SKELETON, SINGLE_FIELD, HOSTILE_STRINGS, HOSTILE_KEYS, WRONG_TYPES, HUGE_NUMBERS, DEEP_NESTING, HUGE_BODY,
        RAW_BYTES, TRUNCATED, EMPTY, NOT_JSON, SCALAR }

    enum QueryMutation { NONE, SINGLE, DECLARED_HOSTILE, MALFORMED_PERCENT, EXTRA_PARAMS, REPEATED }

    enum HeaderMutation { NONE, REQUEST_ID_CR, REQUEST_ID_LONG, REQUEST_ID_ODD, CONTROL_IN_HEADER, NON_ASCII_HEADER,
        HUGE_HEADER, ACCEPT_ODD }

    /** The declared method of the operation, as opposed to a substitute. */
    static final String DECLARED = "declared";
}
