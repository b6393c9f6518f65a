package io.edgeflow.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * TLS material for a broker's TLS listener, made on the spot with the JDK's {@code keytool} and
 * {@link KeyStore}: a throwaway certificate authority, a broker key store whose certificate the CA
 * signed for the broker's addresses (subject alternative names, so clients verify the host name),
 * and a trust store holding only the CA certificate, all PKCS12 under one random password. The CA's
 * private key is deleted once it signed. Nothing here is a committed secret: every run makes its
 * own keys, valid for a few days.
 */
public record BrokerTls(Path keystore, Path truststore, String password) {
    private static final String STORE_TYPE = "PKCS12";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 120;

    /**
     * Makes the CA, the broker's key store and the trust store in {@code dir}.
     *
     * @param names what clients dial: IP literals become {@code ip:} entries, others {@code dns:}
     */
    public static BrokerTls generate(Path dir, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the broker certificate needs at least one name");
        }
        Files.createDirectories(dir);
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        // keytool makes both keys (the broker's signed by the CA) in one scratch store; the
        // broker's key store and the trust store are then written here, without the CA's key.
        Path scratch = dir.resolve("ca-and-broker.p12");
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        for (Path p : List.of(scratch, keystore, truststore)) {
            Files.deleteIfExists(p);
        }
        String san =
                names.stream()
                        .distinct()
                        .map(n -> (isIpLiteral(n) ? "ip:" : "dns:") + n)
                        .collect(Collectors.joining(","));
        keytool(scratch, password, "-genkeypair", "-alias", "ca", "-dname", "CN=edgeflow test CA")
                .withKeyOptions()
                .with("-ext", "bc:c")
                .run();
        keytool(
                        scratch,
                        password,
                        "-genkeypair",
                        "-alias",
                        "broker",
                        "-dname",
                        "CN=" + names.get(0))
                .withKeyOptions()
                .with("-signer", "ca", "-signerkeypass", password)
                .with("-ext", "SAN=" + san, "-ext", "EKU=serverAuth")
                .run();
        try {
            char[] pw = password.toCharArray();
            KeyStore both = KeyStore.getInstance(STORE_TYPE);
            try (InputStream in = Files.newInputStream(scratch)) {
                both.load(in, pw);
            }
            KeyStore broker = KeyStore.getInstance(STORE_TYPE);
            broker.load(null, pw);
            broker.setKeyEntry(
                    "broker", both.getKey("broker", pw), pw, both.getCertificateChain("broker"));
            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, pw);
            trust.setCertificateEntry("ca", both.getCertificate("ca"));
            try (OutputStream out = Files.newOutputStream(keystore)) {
                broker.store(out, pw);
            }
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trust.store(out, pw);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("writing the broker's key and trust stores failed", e);
        }
        // Nobody can sign another certificate this trust store accepts.
        Files.delete(scratch);
        return new BrokerTls(keystore, truststore, password);
    }

    /** Client settings that trust this broker: {@code ssl.truststore.*}. */
    public Map<String, String> trustProperties() {
        return Map.of(
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", password,
                "ssl.truststore.type", STORE_TYPE);
    }

    /** Broker settings for listener {@code listener} (lower case): its key store. */
    Map<String, String> listenerProperties(String listener) {
        String prefix = "listener.name." + listener + ".";
        return Map.of(
                prefix + "ssl.keystore.location", keystore.toString(),
                prefix + "ssl.keystore.password", password,
                prefix + "ssl.keystore.type", STORE_TYPE,
                prefix + "ssl.key.password", password);
    }

    private static boolean isIpLiteral(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static Keytool keytool(Path store, String password, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // A short-lived JVM: skip the optimizing compiler, it only slows the start.
        cmd.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        cmd.addAll(List.of(args));
        cmd.addAll(
                List.of(
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        STORE_TYPE,
                        "-storepass",
                        password));
        return new Keytool(cmd);
    }

    /** One keytool invocation; its output goes into the exception when it fails. */
    private record Keytool(List<String> argv) {
        /** EC P-256 keys: quick to make, and every TLS 1.3 client speaks ECDSA. */
        Keytool withKeyOptions() {
            return with("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "7");
        }

        Keytool with(String... more) {
            List<String> all = new ArrayList<>(argv);
            all.addAll(List.of(more));
            return new Keytool(all);
        }

        void run() throws IOException {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("keytool timed out: " + argv.get(1));
                }
                if (p.exitValue() != 0) {
                    throw new IOException(
                            "keytool "
                                    + argv.get(1)
                                    + " failed (exit "
                                    + p.exitValue()
                                    + "): "
                                    + out.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while running keytool", e);
            }
        }
    }
}
