package org.distr1.mirrors.coordinator.routing.web;

import java.nio.ByteBuffer;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The origin's own answer for a file, with the metalink link and the file's digests (RFC 6249, RFC
 * 9530). The digests are of the file's bytes, so they are dropped again when the file server chose
 * a compressed representation ({@code Content-Encoding}), whose bytes differ.
 */
final class DescribedResponse extends Response.Wrapper {
  static final String REPR_DIGEST = "Repr-Digest";
  static final String DIGEST = "Digest";

  private boolean checked;

  /**
   * @param digests null while the file is not hashed yet
   */
  DescribedResponse(Request request, Response response, String describedBy, FileDigests digests) {
    super(request, response);
    HttpFields.Mutable headers = response.getHeaders();
    headers.add(HttpHeader.LINK, describedBy);
    if (digests != null) {
      headers.put(REPR_DIGEST, digests.reprDigest());
      headers.put(DIGEST, digests.digest());
    }
  }

  @Override
  public void write(boolean last, ByteBuffer content, Callback callback) {
    if (!checked) {
      checked = true;
      HttpFields.Mutable headers = getHeaders();
      if (headers.contains(HttpHeader.CONTENT_ENCODING)) {
        headers.remove(REPR_DIGEST);
        headers.remove(DIGEST);
      }
    }
    super.write(last, content, callback);
  }
}
