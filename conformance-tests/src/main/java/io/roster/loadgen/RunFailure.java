package io.roster.loadgen;

/** The run cannot go on (server unreachable, token rejected, no users to read); exit code 1. */
final class RunFailure extends Exception {
    RunFailure(String message) {
        super(message);
    }
}
