package io.ferry.local.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Between the decoder and the aggregator: turns what RFC 9112 says to reject, and what Netty's decoder does not
 * reject by itself, into a {@link Rejection}, after which the connection's input is dropped. Netty 4.2's decoder
 * (strict line parsing) already fails whitespace before a colon, a chunk not followed by CRLF, bad chunk sizes and
 * differing or invalid Content-Length values, and replaces obsolete line folding with a space (RFC 9112 §5.2
 * allows either; {@code HttpConformanceTest} holds which); {@link RequestDecoder} adds
 * Content-Length with Transfer-Encoding. Here: the failed results' statuses, Host (§3.2), transfer codings
 * (§6.1, §6.3), the body limit and the timeout of a half-sent request.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {

    private final RequestDecoder decoder;
    private final HttpLimits limits;
    private long bodyBytes;
    private boolean rejected;

    RequestGuard(RequestDecoder decoder, HttpLimits limits) {
        this.decoder = decoder;
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Rejection rejection = msg instanceof HttpObject http ? check(http) : null;
        if (rejection == null) {
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg);
            reject(ctx, rejection);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !rejected && decoder.holdsPartialRequest()) {
            reject(ctx, new Rejection(408, "Request not completed within " + limits.requestTimeout()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void reject(ChannelHandlerContext ctx, Rejection rejection) {
        rejected = true;
        ctx.channel().config().setAutoRead(false);
        ctx.fireChannelRead(rejection);
    }

    private Rejection check(HttpObject msg) {
        DecoderResult result = msg.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            int status = cause instanceof TooLongHttpLineException ? 414
                    : cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongFrameException ? 431 : 400;
            return new Rejection(status, "Bad request: " + cause.getMessage());
        }
        if (msg instanceof HttpRequest request) {
            bodyBytes = 0;
            Rejection rejection = checkHead(request);
            if (rejection != null) {
                return rejection;
            }
        }
        if (msg instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            if (bodyBytes > limits.maxBodyBytes()) {
                return tooLarge();
            }
            if (msg instanceof LastHttpContent) {
                bodyBytes = 0;
            }
        }
        return null;
    }

    private Rejection checkHead(HttpRequest request) {
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return new Rejection(400, "An HTTP/1.1 request has exactly one Host header (RFC 9112 §3.2)");
        }
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            String[] all = String.join(",", codings).split(",");
            if (!all[all.length - 1].trim().equalsIgnoreCase("chunked")) {
                return new Rejection(400, "chunked must be the final transfer coding (RFC 9112 §6.3)");
            }
            if (all.length > 1) {
                return new Rejection(501, "Transfer coding not implemented: " + String.join(",", codings));
            }
        }
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            for (String value : request.headers().getAll(HttpHeaderNames.CONTENT_LENGTH)) {
                if (!value.trim().equals(length.trim()) || !isDigits(value.trim())) {
                    return new Rejection(400, "Invalid Content-Length (RFC 9112 §6.3)");
                }
            }
            if (length.trim().length() > 18 || Long.parseLong(length.trim()) > limits.maxBodyBytes()) {
                return tooLarge();
            }
        }
        return null;
    }

    private Rejection tooLarge() {
        return new Rejection(413, "Request body larger than " + limits.maxBodyBytes() + " bytes");
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
