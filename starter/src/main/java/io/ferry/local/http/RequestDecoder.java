package io.ferry.local.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder with two additions: it refuses a request with both Content-Length and
 * Transfer-Encoding (RFC 9112 §6.3 lets a server process it as chunked, but it is the shape of request smuggling,
 * so this one answers 400 and closes), and it knows whether it holds part of a request, so that a half-sent
 * request can be timed out while an idle keep-alive connection is left alone ({@link RequestGuard}).
 */
final class RequestDecoder extends HttpRequestDecoder {

    private boolean partial;

    RequestDecoder(HttpLimits limits) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true));
    }

    /** Whether bytes of a request arrived that did not make a whole request yet. */
    boolean holdsPartialRequest() {
        return partial;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        int readable = buffer.readableBytes();
        int decoded = out.size();
        super.decode(ctx, buffer, out);
        boolean ended = out.size() > decoded && out.get(out.size() - 1) instanceof LastHttpContent;
        if (ended) {
            partial = buffer.isReadable();
        } else if (buffer.readableBytes() != readable || out.size() != decoded || buffer.isReadable()) {
            partial = true;
        }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // Thrown inside the decoder's header parsing, which turns it into a failed DecoderResult: 400 and close.
        throw new IllegalArgumentException("Content-Length and Transfer-Encoding together (RFC 9112 §6.3)");
    }
}
