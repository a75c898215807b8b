package org.distr1.mirrors.shared.serve;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.distr1.mirrors.shared.repo.InvalidPathException;
import org.distr1.mirrors.shared.repo.RepositoryPath;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository file server (a Jetty core handler): serves a tree with zstd/gzip transport
 * compression from precompressed siblings, conditionals, ranges and listings, as specified in
 * DESIGN.md "Transport compression". Requests outside its {@code scope} go to the wrapped handler
 * (on the node: Jersey's {@code /_mirror/*}).
 *
 * <p>The root is asked for on every request, so a node that switches its {@code current} symlink to
 * a new snapshot is served from the new snapshot by the next request, while requests already
 * running finish on the old one.
 */
public final class PrecompressedFileHandler extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(PrecompressedFileHandler.class);

  /** The tree to serve, resolved per request; throws when nothing is published yet. */
  @FunctionalInterface
  public interface Root {
    Path realPath() throws IOException;

    /** The real path of a fixed directory (tests, benchmarks, the origin). */
    static Root fixed(Path directory) {
      return () -> directory.toRealPath();
    }

    /**
     * The real target of a symlink such as {@code <mirror root>/current}. One {@code readlink} per
     * request; the full real-path resolution only when the link changed.
     */
    static Root symlink(Path link) {
      return new SymlinkRoot(link);
    }
  }

  private final Root root;
  private final Predicate<String> scope;
  private final List<String> mount;
  private final ServeOptions options;
  private final FileReply files;
  private final AtomicReference<Tree> tree = new AtomicReference<>();

  /**
   * @param scope which raw request paths this handler answers; the others go to the next handler
   */
  public PrecompressedFileHandler(
      Root root, Predicate<String> scope, ServeOptions options, ServeObserver observer) {
    this(root, "", scope, options, observer);
  }

  /**
   * A tree served below a URL directory: with {@code mount} {@code "distri"}, {@code /distri/x} is
   * {@code x} of the tree, as a web server serves distri's rsync module at {@code /distri/}. Paths
   * outside the mount are missing.
   */
  public PrecompressedFileHandler(
      Root root,
      String mount,
      Predicate<String> scope,
      ServeOptions options,
      ServeObserver observer) {
    this.root = root;
    this.mount = RepositoryPath.parse(mount).segments();
    this.scope = scope;
    this.options = options;
    this.files = new FileReply(observer);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String rawPath = rawPathInContext(request);
    if (!scope.test(rawPath)) {
      return super.handle(request, response, callback);
    }
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    if (!head && !HttpMethod.GET.is(request.getMethod())) {
      response.getHeaders().put(Replies.ALLOW);
      Replies.error(
          response, callback, false, 405, "method_not_allowed", "only GET and HEAD are served");
      return true;
    }
    RepositoryPath path;
    try {
      path = RepositoryPath.parse(rawPath);
    } catch (InvalidPathException e) {
      Replies.error(
          response,
          callback,
          head,
          InvalidPathException.STATUS,
          InvalidPathException.CODE,
          e.getMessage());
      return true;
    }
    Tree current;
    try {
      current = currentTree();
    } catch (FileSystemException e) {
      Replies.error(
          response,
          callback,
          head,
          503,
          "not_published",
          "no repository snapshot is published yet");
      return true;
    }
    TreeEntry entry = current.lookup(belowMount(path));
    switch (entry.kind()) {
      case MISSING ->
          Replies.error(response, callback, head, 404, "not_found", "no such file: " + path);
      case FILE -> files.send(request, response, callback, entry, head);
      case DIRECTORY -> directory(request, response, callback, current, entry, path, rawPath, head);
    }
    return true;
  }

  private void directory(
      Request request,
      Response response,
      Callback callback,
      Tree current,
      TreeEntry entry,
      RepositoryPath path,
      String rawPath,
      boolean head)
      throws IOException {
    if (!path.directoryForm()) {
      // relative links in the listing need the trailing slash
      String query = request.getHttpURI().getQuery();
      Replies.redirect(response, callback, rawPath + "/" + (query == null ? "" : "?" + query));
      return;
    }
    List<ListingEntry> entries = DirectoryListing.entries(current, entry.directory());
    response.getHeaders().put(Replies.VARY_ACCEPT);
    if (DirectoryListing.wantsJson(request.getHeaders().getValuesList(HttpHeader.ACCEPT))) {
      Replies.json(response, callback, head, entries);
    } else {
      Replies.html(response, callback, head, DirectoryListing.html(path.toString(), entries));
    }
  }

  /** The tree's path for a request path, or null when the request is outside the mount. */
  private RepositoryPath belowMount(RepositoryPath path) {
    List<String> segments = path.segments();
    if (segments.size() < mount.size() || !segments.subList(0, mount.size()).equals(mount)) {
      return null;
    }
    return new RepositoryPath(
        segments.subList(mount.size(), segments.size()), path.directoryForm());
  }

  private Tree currentTree() throws IOException {
    Path real = root.realPath();
    Tree known = tree.get();
    if (known != null && known.root().equals(real)) {
      return known;
    }
    Tree fresh = new Tree(real, options);
    tree.set(fresh);
    LOG.info("serving {}", real);
    return fresh;
  }

  private static String rawPathInContext(Request request) {
    String raw = request.getHttpURI().getPath();
    String context = Request.getContextPath(request);
    if (context != null && !context.isEmpty() && !context.equals("/") && raw.startsWith(context)) {
      raw = raw.substring(context.length());
    }
    return raw.isEmpty() ? "/" : raw;
  }
}
