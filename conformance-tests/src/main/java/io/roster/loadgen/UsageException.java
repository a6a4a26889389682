package io.roster.loadgen;

/** Bad command line; the message says what to fix and the caller prints the usage and exits 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
