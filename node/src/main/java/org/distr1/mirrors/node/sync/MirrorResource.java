package org.distr1.mirrors.node.sync;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Date;
import org.distr1.mirrors.shared.freshness.FreshnessFile;

/** The node's own endpoints below {@code /_mirror/}: sync status and the freshness files. */
@Path("/")
public final class MirrorResource {

  private static final CacheControl NO_CACHE = CacheControl.valueOf("no-cache");

  private final SyncService sync;
  private final java.nio.file.Path mirrorRoot;

  MirrorResource(SyncService sync, java.nio.file.Path mirrorRoot) {
    this.sync = sync;
    this.mirrorRoot = mirrorRoot;
  }

  @GET
  @Path("status")
  @Produces(MediaType.APPLICATION_JSON)
  public Response status() {
    return Response.ok(sync.status()).cacheControl(NO_CACHE).build();
  }

  /** The freshness file as written (probes compare it with what the node reported). */
  @GET
  @Path("last-sync-from/{host}")
  @Produces(MediaType.TEXT_PLAIN)
  public Response lastSyncFrom(@PathParam("host") String host) throws IOException {
    java.nio.file.Path file;
    try {
      file = FreshnessFile.path(mirrorRoot, host);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("no freshness file for " + host);
    }
    try {
      byte[] content = Files.readAllBytes(file);
      return Response.ok(content, MediaType.TEXT_PLAIN_TYPE.withCharset("US-ASCII"))
          .cacheControl(NO_CACHE)
          .lastModified(Date.from(Files.getLastModifiedTime(file).toInstant()))
          .build();
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no successful sync from " + host + " yet");
    }
  }
}
