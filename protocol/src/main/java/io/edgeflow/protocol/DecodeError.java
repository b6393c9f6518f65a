package io.edgeflow.protocol;

/** Why bytes were not a valid frame; {@code detail} is a human-readable explanation. */
public record DecodeError(Reason reason, String detail) implements DecodeResult {

    /** Stable reason codes: they name DLQ records and metrics, so never rename one. */
    public enum Reason {
        TRUNCATED,
        LENGTH_MISMATCH,
        BAD_MAGIC,
        UNSUPPORTED_VERSION,
        OVERSIZE,
        CRC_MISMATCH,
        UNKNOWN_TYPE,
        UNSUPPORTED_FLAGS,
        INVALID_PAYLOAD,
        /** An encrypted payload failed AES-GCM verification: wrong or unknown key, or tampered. */
        AUTH_FAILED;

        /** The lower-case name used in DLQ headers and metric names. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
