package io.ferry.wire.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Turns what the decoder could not make sense of into an error the handlers after it hear as
 * {@code exceptionCaught} (and end the connection on), and refuses what it decoded but Ferry must not accept.
 *
 * <p>Netty marks a malformed message (a bad Content-Length, a broken chunk, a connection closed short of the body)
 * with a failed {@code DecoderResult} and goes on; left alone, an aggregator would hand on what it had. The
 * transfer coding must be exactly {@code chunked}: Ferry asks for no other coding, so {@code chunked, gzip} (whose
 * body would be gzip) or {@code gzip} alone (which RFC 9112 §6.3 rule 4 makes read-until-close) is an error.
 */
final class ResponseRules extends ChannelInboundHandlerAdapter {

    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg); // the connection is being closed: nothing after the error counts
            return;
        }
        String error = null;
        if (msg instanceof DecoderResultProvider p && p.decoderResult().isFailure()) {
            Throwable cause = p.decoderResult().cause();
            error = "malformed response: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
        } else if (msg instanceof HttpResponse response) {
            String coding = response.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
            if (coding != null && !coding.trim().equalsIgnoreCase("chunked")) {
                error = "unsupported Transfer-Encoding: " + coding;
            }
        }
        if (error != null) {
            failed = true;
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new IOException(error));
            ctx.close();
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
