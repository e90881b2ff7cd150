package org.mesofhir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends one request the way a careful client sends a large body: {@code Expect: 100-continue} first, the
 * body only after the server's "100 Continue". (The JDK 17 HttpClient can hang when a server answers such a
 * request with a final status instead, so this is plain HTTP/1.1 on a socket.)
 */
public final class ExpectContinueClient {

	/** The final status and body of a response. */
	public record Answer(int status, String body) {}

	private ExpectContinueClient() {}

	public static Answer send(int port, String method, String path, String contentType, byte[] body, boolean chunked)
			throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(120_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
			String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/fhir+json\r\n"
					+ "Content-Type: " + contentType + "\r\nExpect: 100-continue\r\nConnection: close\r\n"
					+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			Head response = readHead(in);
			if (response.status == 100) {
				try {
					writeBody(out, body, chunked);
				} catch (IOException stoppedReading) {
					// the server answered before taking the whole body: its answer is still to be read
				}
				response = readHead(in);
			}
			byte[] rest = in.readAllBytes();
			byte[] content = response.chunked ? dechunk(rest) : rest;
			return new Answer(response.status, new String(content, StandardCharsets.UTF_8));
		}
	}

	/**
	 * Sends one request with its target exactly as typed (no encoding of {@code |}, {@code %zz}, raw bytes...),
	 * as curl and many EHR engines do, and without {@code Expect}. {@code contentType} and {@code body} may be null.
	 */
	public static Answer sendAsTyped(int port, String method, String target, String contentType, byte[] body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(120_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
			String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: application/fhir+json\r\n"
					+ (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
					+ "Connection: close\r\nContent-Length: " + (body == null ? 0 : body.length) + "\r\n\r\n";
			// the target may hold raw bytes: ISO-8859-1 writes each char below 256 as that byte
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			Head response = readHead(in);
			byte[] rest = in.readAllBytes();
			return new Answer(response.status, new String(response.chunked ? dechunk(rest) : rest, StandardCharsets.UTF_8));
		}
	}

	private record Head(int status, boolean chunked) {}

	private static Head readHead(InputStream in) throws IOException {
		String statusLine = line(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		boolean chunked = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			String lower = header.toLowerCase(Locale.ROOT);
			chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
		}
		return new Head(status, chunked);
	}

	private static void writeBody(OutputStream out, byte[] body, boolean chunked) throws IOException {
		if (!chunked) {
			out.write(body);
		} else {
			for (int from = 0; from < body.length; from += 65_536) {
				int length = Math.min(65_536, body.length - from);
				out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				out.write(body, from, length);
				out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		out.flush();
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("connection closed before the response head ended");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static byte[] dechunk(byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < raw.length) {
			int end = at;
			while (end < raw.length && raw[end] != '\r') {
				end++;
			}
			String size = new String(raw, at, end - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
			int length = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
			if (length == 0) {
				break;
			}
			out.write(raw, end + 2, length);
			at = end + 2 + length + 2;
		}
		return out.toByteArray();
	}
}
