package dev.speechload.core.junit;

import dev.speechload.core.target.Target;
import dev.speechload.core.testkit.FakeTarget;

/**
 * A/B test cases extend this to compare two fake servers that start nothing: the candidate's
 * endpoint names port {@value #CANDIDATE_PORT}, the reference's port {@value #REFERENCE_PORT}, so a
 * scenario can tell which one it runs against.
 */
abstract class FakeAbTargets {

    static final int CANDIDATE_PORT = 2;
    static final int REFERENCE_PORT = 1;

    @LoadTarget
    static Target candidate() {
        return FakeTarget.http(CANDIDATE_PORT);
    }

    @ReferenceTarget
    static Target reference() {
        return FakeTarget.http(REFERENCE_PORT);
    }
}
