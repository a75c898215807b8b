package org.distr1.mirrors.shared.testing;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The endpoints a module's Jersey resources declare, as {@code "POST /api/v1/mirrors/{id}/pause"}
 * lines, so that a test can hold the API reference to every one of them.
 */
public final class DocumentedEndpoints {
  private static final Map<Class<? extends Annotation>, String> METHODS =
      Map.of(
          GET.class,
          "GET",
          POST.class,
          "POST",
          PUT.class,
          "PUT",
          PATCH.class,
          "PATCH",
          DELETE.class,
          "DELETE",
          HEAD.class,
          "HEAD");

  private DocumentedEndpoints() {}

  /**
   * Every endpoint of the resource classes under {@code classesDir} (a module's compiled classes),
   * mounted at {@code mount} (e.g. {@code /api}).
   */
  public static TreeSet<String> declared(java.nio.file.Path classesDir, String mount)
      throws IOException {
    TreeSet<String> endpoints = new TreeSet<>();
    List<java.nio.file.Path> classFiles;
    try (Stream<java.nio.file.Path> walk = Files.walk(classesDir)) {
      classFiles =
          walk.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList();
    }
    for (java.nio.file.Path file : classFiles) {
      String name =
          classesDir.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
      Class<?> type;
      try {
        type = Class.forName(name, false, DocumentedEndpoints.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      Path root = type.getAnnotation(Path.class);
      if (root == null) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        for (Map.Entry<Class<? extends Annotation>, String> http : METHODS.entrySet()) {
          if (method.isAnnotationPresent(http.getKey())) {
            Path sub = method.getAnnotation(Path.class);
            endpoints.add(
                http.getValue() + " " + join(mount, root.value(), sub == null ? "" : sub.value()));
          }
        }
      }
    }
    return endpoints;
  }

  /**
   * Fails unless {@code reference} (e.g. docs/api.md) has a {@code ### `METHOD /path`} section for
   * every endpoint of the resource classes under {@code classesDir}.
   */
  public static void assertAllDocumented(
      java.nio.file.Path classesDir, String mount, java.nio.file.Path reference)
      throws IOException {
    String text = Files.readString(reference);
    TreeSet<String> endpoints = declared(classesDir, mount);
    if (endpoints.isEmpty()) {
      throw new AssertionError("no Jersey endpoints found under " + classesDir);
    }
    List<String> missing =
        endpoints.stream().filter(e -> !text.contains("### `" + e + "`")).toList();
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "endpoints without a \"### `METHOD /path`\" section in " + reference + ": " + missing);
    }
  }

  private static String join(String... parts) {
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      String trimmed = part.replaceAll("^/+|/+$", "");
      if (!trimmed.isEmpty()) {
        path.append('/').append(trimmed);
      }
    }
    return path.length() == 0 ? "/" : path.toString();
  }
}
