package io.roster.scim.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS for the listener: a PEM certificate chain with a PKCS#8 private key (RSA or EC), or a PKCS12
 * keystore and its password. Read with the JDK alone when the server starts; every problem stops the
 * start with a message naming the file and what is wrong with it. The password is never logged and
 * never shown by {@link #toString()}.
 *
 * @param cert             PEM certificate chain, server certificate first (or null with a keystore)
 * @param key              PEM PKCS#8 private key of the first certificate (or null with a keystore)
 * @param keystore         PKCS12 keystore holding one private key and its chain (or null with PEM files)
 * @param keystorePassword the keystore's password, also the key's (empty when none)
 */
public record Tls(Path cert, Path key, Path keystore, String keystorePassword) {
    private static final Logger LOG = Logger.getLogger(Tls.class.getName());

    public static Tls pem(Path cert, Path key) {
        return new Tls(cert, key, null, null);
    }

    public static Tls pkcs12(Path keystore, String password) {
        return new Tls(null, null, keystore, password == null ? "" : password);
    }

    @Override
    public String toString() {
        return keystore != null ? "Tls[keystore=" + keystore + ", keystorePassword=(hidden)]" : "Tls[cert=" + cert + ", key=" + key + "]";
    }

    /** The key and its certificate chain, and where they were read from (for messages). */
    private record Identity(PrivateKey key, X509Certificate[] chain, String keyFrom, String certFrom) {
    }

    /**
     * Reads the files and builds the server's SSL context.
     *
     * @throws IllegalStateException naming the file when it cannot be read or parsed, or when the key
     *                               does not belong to the certificate
     */
    public SSLContext sslContext() {
        Identity id = keystore != null ? fromKeystore() : fromPem();
        checkPair(id);
        X509Certificate leaf = id.chain()[0];
        Date now = new Date();
        if (now.after(leaf.getNotAfter()) || now.before(leaf.getNotBefore())) {
            LOG.warning("the TLS certificate in " + id.certFrom() + " is valid only from " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant() + "; clients will refuse it");
        }
        LOG.info("TLS certificate " + leaf.getSubjectX500Principal().getName() + " (" + leaf.getPublicKey().getAlgorithm()
                + ", valid until " + leaf.getNotAfter().toInstant() + ") from " + id.certFrom());
        try {
            char[] pass = new char[32]; // the in-memory store's own password, never shown anywhere
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < pass.length; i++) {
                pass[i] = (char) ('a' + random.nextInt(26));
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("roster", id.key(), pass, id.chain());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, pass);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS with the key from " + id.keyFrom() + ": " + e.getMessage(), e);
        }
    }

    private Identity fromPem() {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(cert)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate c : read) {
                chain.add((X509Certificate) c);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the TLS certificate file " + cert + " (" + Option.TLS_CERT.flag() + "): " + e, e);
        } catch (CertificateException e) {
            throw new IllegalStateException("the TLS certificate file " + cert + " (" + Option.TLS_CERT.flag()
                    + ") is not a PEM X.509 certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("the TLS certificate file " + cert + " (" + Option.TLS_CERT.flag()
                    + ") holds no certificate (expected '-----BEGIN CERTIFICATE-----')");
        }
        String text;
        try {
            text = Files.readString(key, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the TLS key file " + key + " (" + Option.TLS_KEY.flag() + "): " + e, e);
        }
        String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + key + " -out key-pkcs8.pem";
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalStateException("the TLS key file " + key + " holds an encrypted private key; Roster needs it unencrypted "
                    + "(PKCS#8, '-----BEGIN PRIVATE KEY-----')" + convert);
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalStateException("the TLS key file " + key + " holds a PKCS#1 or SEC1 key; Roster needs PKCS#8 "
                    + "('-----BEGIN PRIVATE KEY-----')" + convert);
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = begin < 0 ? -1 : text.indexOf("-----END PRIVATE KEY-----", begin);
        if (end < 0) {
            throw new IllegalStateException("the TLS key file " + key + " (" + Option.TLS_KEY.flag()
                    + ") holds no PEM private key (expected '-----BEGIN PRIVATE KEY-----' ... '-----END PRIVATE KEY-----')");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the TLS key file " + key + " is not valid PEM: " + e.getMessage(), e);
        }
        String wanted = chain.get(0).getPublicKey().getAlgorithm();
        PrivateKey privateKey = null;
        String found = null;
        for (String algorithm : new String[] {wanted, "RSA", "EC"}) {
            try {
                privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                found = algorithm;
                break;
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        if (privateKey == null) {
            throw new IllegalStateException("the TLS key file " + key + " is not a PKCS#8 RSA or EC private key");
        }
        if (!found.equals(wanted)) {
            throw new IllegalStateException("the TLS key file " + key + " holds an " + found + " key, but the certificate in " + cert
                    + " is for an " + wanted + " key; they do not belong together");
        }
        return new Identity(privateKey, chain.toArray(X509Certificate[]::new), "the TLS key file " + key,
                "the TLS certificate file " + cert);
    }

    private Identity fromKeystore() {
        char[] pass = keystorePassword == null ? new char[0] : keystorePassword.toCharArray();
        String where = "the TLS keystore " + keystore + " (" + Option.TLS_KEYSTORE.flag() + ")";
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, pass);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(where + " does not exist", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalStateException(where + " cannot be opened with the password given (" + Option.TLS_KEYSTORE_PASSWORD.flag()
                        + " or " + Option.TLS_KEYSTORE_PASSWORD.env() + "): wrong password", e);
            }
            throw new IllegalStateException(where + " cannot be read as a PKCS12 keystore: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(where + " cannot be read as a PKCS12 keystore: " + e.getMessage(), e);
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.isEmpty()) {
                throw new IllegalStateException(where + " holds no private key; it needs the server's key with its certificate "
                        + "chain (keytool -genkeypair makes one)");
            }
            if (keyAliases.size() > 1) {
                throw new IllegalStateException(where + " holds " + keyAliases.size() + " private keys (" + String.join(", ", keyAliases)
                        + "); it must hold only the server's");
            }
            String alias = keyAliases.get(0);
            PrivateKey privateKey;
            try {
                privateKey = (PrivateKey) store.getKey(alias, pass);
            } catch (UnrecoverableKeyException e) {
                throw new IllegalStateException("the key '" + alias + "' in " + where + " has a password other than the keystore's; "
                        + "Roster needs them to be the same", e);
            }
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                throw new IllegalStateException("the key '" + alias + "' in " + where + " has no X.509 certificate chain");
            }
            X509Certificate[] x509 = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                x509[i] = (X509Certificate) chain[i];
            }
            return new Identity(privateKey, x509, where, where);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Signs with the key and verifies with the certificate: a key that is not the certificate's cannot do both. */
    private static void checkPair(Identity id) {
        PublicKey publicKey = id.chain()[0].getPublicKey();
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalStateException("the certificate in " + id.certFrom() + " is for a " + publicKey.getAlgorithm()
                    + " key; Roster supports RSA and EC keys");
        };
        boolean matches;
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(id.key());
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(publicKey);
            verify.update(probe);
            matches = verify.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalStateException("the private key in " + id.keyFrom() + " does not belong to the certificate in "
                    + id.certFrom() + " (the certificate's public key is another key's)");
        }
    }
}
