package io.ferry.wire.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Right after the {@code SslHandler} of an {@code https} connection: tells the handlers after it that the TLS
 * handshake failed, as an {@link SSLHandshakeException} naming the peer and the reason (an untrusted certificate, a
 * name it does not cover), before the connection closes.
 *
 * <p>Why: {@code SslHandler} closes the channel first and only then fires its exception, so a lane would hear
 * "connection closed" with no word of TLS, and take its calls for written and unanswered while TLS sent none of
 * them. Its own exception after this one is dropped: the failure has been told. A class of its own, and only in
 * an https pipeline, because the executor's jar carries no {@code io.netty.handler.ssl} classes.
 */
final class TlsHandshakeFailure extends ChannelInboundHandlerAdapter {

    private boolean told;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && !told) {
            told = true;
            Throwable cause = done.cause();
            String peer = peer(ctx.channel().remoteAddress());
            SSLHandshakeException error = new SSLHandshakeException(cause instanceof ClosedChannelException
                    ? "TLS handshake with " + peer + " cut short: the connection closed"
                    : "TLS handshake with " + peer + " failed: "
                            + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            error.initCause(cause);
            ctx.fireExceptionCaught(error);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!told) {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static String peer(SocketAddress address) {
        return address instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort()
                : String.valueOf(address);
    }
}
