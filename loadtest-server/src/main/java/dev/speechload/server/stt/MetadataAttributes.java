package dev.speechload.server.stt;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Map;
import java.util.TreeMap;

/**
 * Session attributes sent as request metadata: each header {@code speechload-attr-NAME: VALUE}
 * becomes attribute {@code NAME}. Load tools often set attributes per channel as headers
 * instead of in the config message; both are merged, the config winning. Thread-safe.
 */
public final class MetadataAttributes implements ServerInterceptor {

    /** Header prefix of attributes. */
    public static final String PREFIX = "speechload-attr-";

    static final Context.Key<Map<String, String>> ATTRIBUTES = Context.key("speechload-attributes");

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        Map<String, String> attributes = new TreeMap<>();
        for (String key : headers.keys()) {
            if (key.startsWith(PREFIX) && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                String value = headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
                if (value != null) {
                    attributes.put(key.substring(PREFIX.length()), value);
                }
            }
        }
        Context context = Context.current().withValue(ATTRIBUTES, Map.copyOf(attributes));
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** Attributes of the current call, empty outside one. */
    static Map<String, String> current() {
        Map<String, String> attributes = ATTRIBUTES.get();
        return attributes == null ? Map.of() : attributes;
    }
}
