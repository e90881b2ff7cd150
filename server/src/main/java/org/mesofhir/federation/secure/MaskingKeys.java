package org.mesofhir.federation.secure;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * One site's X25519 key pair for one analysis. The private key never leaves this object (nor the process);
 * the public key travels as base64 of its X.509 SubjectPublicKeyInfo (44 bytes), relayed by the hub.
 */
public final class MaskingKeys {

	private final KeyPair pair;
	private final String publicKey;

	private MaskingKeys(KeyPair pair) {
		this.pair = pair;
		this.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
	}

	/** A fresh key pair, for one analysis only. */
	public static MaskingKeys generate() {
		try {
			return new MaskingKeys(KeyPairGenerator.getInstance("X25519").generateKeyPair());
		} catch (GeneralSecurityException e) {
			throw new IllegalStateException("this JDK has no X25519", e);
		}
	}

	/** The public key as it travels. */
	public String publicKey() {
		return publicKey;
	}

	/** The X25519 shared secret with another participant's (encoded) public key. */
	byte[] sharedSecret(String otherPublicKey) {
		try {
			KeyAgreement agreement = KeyAgreement.getInstance("XDH");
			agreement.init(pair.getPrivate());
			agreement.doPhase(decode(otherPublicKey), true);
			return agreement.generateSecret();
		} catch (GeneralSecurityException e) {
			throw new IllegalArgumentException("not a usable X25519 public key: " + e.getMessage(), e);
		}
	}

	/** Parses an encoded public key; {@link IllegalArgumentException} when it is not an X25519 key. */
	static PublicKey decode(String encoded) {
		try {
			PublicKey key = KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
			if (!"XDH".equals(key.getAlgorithm()) && !"X25519".equals(key.getAlgorithm())) {
				throw new IllegalArgumentException("not an X25519 public key");
			}
			return key;
		} catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
			throw new IllegalArgumentException("not an X25519 public key (base64 of X.509 SubjectPublicKeyInfo)", e);
		}
	}

	/** True when the text is an X25519 public key as this class encodes them. */
	public static boolean isPublicKey(String encoded) {
		try {
			decode(encoded);
			return true;
		} catch (IllegalArgumentException e) {
			return false;
		}
	}
}
