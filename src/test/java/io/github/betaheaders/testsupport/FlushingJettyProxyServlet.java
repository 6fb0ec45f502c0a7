package io.github.betaheaders.testsupport;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's transparent {@link ProxyServlet}, flushing each piece of the upstream response as it arrives. The plain one
 * writes into the servlet response buffer without flushing, so a server-sent event stream reaches the client only
 * when the buffer fills or the response ends; overriding {@code onResponseContent} to flush is what the Jetty
 * maintainers advise for SSE (jetty/jetty.project#3459). Users proxying streams through Jetty's servlet need it too.
 */
public class FlushingJettyProxyServlet extends ProxyServlet.Transparent {

    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
                                     byte[] buffer, int offset, int length, Callback callback) {
        try {
            ServletOutputStream out = response.getOutputStream();
            out.write(buffer, offset, length);
            out.flush();
            callback.succeeded();
        } catch (Throwable failure) {
            callback.failed(failure);
        }
    }
}
