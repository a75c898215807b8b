package org.distr1.mirrors.shared.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.distr1.mirrors.shared.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error family of the API: every refusal, from our resources, from Jersey (404, 405, 415),
 * from bean validation (422), from unreadable JSON (400) or from a bug (500), leaves as an {@link
 * ApiError}. Dropwizard's own mappers are switched off so that no second shape leaks. The Jersey
 * mappers and the handlers outside Jersey (node reports) build their errors here.
 */
public final class ApiErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  public static void register(ServerFactory serverFactory, JerseyEnvironment jersey) {
    if (serverFactory instanceof AbstractServerFactory factory) {
      factory.setRegisterDefaultExceptionMappers(false);
    }
    jersey.register(new ApiExceptionMapper());
    jersey.register(new WebApplicationExceptionMapper());
    jersey.register(new ViolationExceptionMapper());
    jersey.register(new JsonExceptionMapper());
    jersey.register(new UnexpectedExceptionMapper());
    jersey.register(new BrokenBodyEncoding());
  }

  public static Response response(ApiError error) {
    Response.ResponseBuilder response =
        Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error);
    if (error.status() == 503) {
      response.header("Retry-After", DatabaseOutage.RETRY_AFTER_SECONDS);
    }
    return response.build();
  }

  /** {@code Method Not Allowed} → {@code method_not_allowed}. */
  static String codeFor(Response.StatusType status) {
    return status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** What a refusal by status says when nothing more specific is known. */
  public static String messageFor(int status, String reasonPhrase) {
    return switch (status) {
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed on this resource.";
      case 406 -> "This resource cannot answer in any of the accepted media types.";
      case 415 -> "This resource does not accept that Content-Type; send application/json.";
      default -> reasonPhrase + ".";
    };
  }

  /**
   * Unreadable request bodies are the caller's fault (400). A value rejected by a record's compact
   * constructor (IllegalArgumentException, or requireNonNull's NullPointerException) says why in
   * its message, which is passed on; a broken type mapping is ours (500).
   */
  public static ApiError unreadableJson(JsonProcessingException exception) {
    if (exception instanceof ValueInstantiationException instantiation
        && (instantiation.getCause() instanceof IllegalArgumentException
            || instantiation.getCause() instanceof NullPointerException)
        && instantiation.getCause().getMessage() != null) {
      return new ApiError(400, "invalid_request", instantiation.getCause().getMessage());
    }
    if (exception instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return new ApiError(
          422, "invalid_field", field(mismatch.getPath()) + " " + mismatchReason(mismatch));
    }
    if (exception instanceof InvalidDefinitionException) {
      LOG.error("cannot map JSON type", exception);
      return new ApiError(500, "internal_error", "The server could not handle this request.");
    }
    return new ApiError(
        400, "bad_json", "Unable to read the JSON body: " + exception.getOriginalMessage());
  }

  /** {@code mirrors[2].baseUrl} for a path into the body. */
  private static String field(List<JsonMappingException.Reference> path) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference step : path) {
      if (step.getFieldName() != null) {
        field.append(field.length() == 0 ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        field.append('[').append(step.getIndex()).append(']');
      }
    }
    return field.length() == 0 ? "the body" : field.toString();
  }

  /** Why a value does not fit its field, in words for people (no Java type names). */
  private static String mismatchReason(MismatchedInputException mismatch) {
    if (mismatch instanceof UnrecognizedPropertyException) {
      return "is not a field of this request";
    }
    if (mismatch instanceof InvalidNullException) {
      return "must not be null";
    }
    Class<?> type = mismatch.getTargetType();
    if (type == null) {
      return "has the wrong type";
    }
    if (type == int.class
        || type == long.class
        || type == Integer.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      return "must be a whole number (no quotes, no fraction)";
    }
    if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class) {
      return "must be a number (no quotes)";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "must be true or false (no quotes)";
    }
    if (type == String.class) {
      return "must be a string (in quotes)";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be a list";
    }
    return "must be a JSON object";
  }

  /** A bug: logged with an id the caller can quote, details stay in the log. */
  public static ApiError unexpected(Throwable exception) {
    if (DatabaseOutage.is(exception)) {
      LOG.warn("database unavailable, answered 503: {}", exception.toString());
      return DatabaseOutage.error();
    }
    String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
    LOG.error("Error handling a request: {}", id, exception);
    return new ApiError(
        500,
        "internal_error",
        "There was an error processing your request. It has been logged (ID " + id + ").");
  }
}
