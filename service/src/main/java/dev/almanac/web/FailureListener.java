package dev.almanac.web;

import jakarta.servlet.http.HttpServletRequest;

/** Told about every request that ends in an error response, e.g. to audit failed and denied writes. */
public interface FailureListener {
    void onFailure(HttpServletRequest request, ErrorCode code, String detail);
}
