package io.roster.conformance.kit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a request through {@code java.net.http.HttpClient} (kit tests that check what that client does
 * by default) and hands the exchange to {@link Exchanges#record}, so that it shows in the report and
 * what it creates is cleaned up, as with every other client of the kit.
 */
public final class RecordingHttpClient {

    private RecordingHttpClient() {
    }

    /**
     * {@code client.send(request, ofString())}, recorded: the body is read as bytes, kept for the report as
     * received, and decoded in the charset of its Content-Type (UTF-8 by default) as {@code ofString} does.
     */
    public static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        AtomicReference<byte[]> received = new AtomicReference<>(new byte[0]);
        HttpResponse.BodyHandler<String> handler = info -> HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofByteArray(), bytes -> {
                    received.set(bytes);
                    return new String(bytes, charset(info.headers()));
                });
        HttpResponse<String> response;
        try {
            response = client.send(request, handler);
        } catch (IOException e) {
            if (Exchanges.wanted()) {
                Exchanges.record(sent(request), new Exchanges.Received(0, "(no answer: " + e + ")", List.of(), new byte[0]));
            }
            throw e;
        }
        if (Exchanges.wanted()) {
            String version = response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
            Exchanges.record(sent(request), new Exchanges.Received(response.statusCode(),
                    version + " " + response.statusCode(), headers(response.headers()), received.get()));
        }
        return response;
    }

    private static Charset charset(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        for (String parameter : type.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                try {
                    return Charset.forName(p.substring(8).replace("\"", "").strip());
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Exchanges.Sent sent(HttpRequest request) {
        return new Exchanges.Sent(request.method(), request.uri().toString(), headers(request.headers()),
                request.bodyPublisher().map(RecordingHttpClient::bytes).orElse(null));
    }

    private static List<Exchanges.Header> headers(HttpHeaders headers) {
        List<Exchanges.Header> list = new ArrayList<>();
        headers.map().forEach((name, values) -> values.forEach(v -> list.add(new Exchanges.Header(name, v))));
        return list;
    }

    /**
     * The bytes a body publisher sends, read by subscribing to it once more (the JDK's publishers of
     * strings and byte arrays publish again to each subscriber, on the subscribing thread). A publisher
     * that does not complete on this thread (a stream) is shown as such rather than waited for.
     */
    private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
        if (publisher.contentLength() == 0) {
            return null;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(buffer.toByteArray());
            }
        });
        byte[] body = done.isDone() && !done.isCompletedExceptionally() ? done.join() : null;
        return body != null ? body : "(a streamed body, not shown)".getBytes(StandardCharsets.UTF_8);
    }
}
