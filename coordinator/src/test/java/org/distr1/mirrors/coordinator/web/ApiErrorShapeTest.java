package org.distr1.mirrors.coordinator.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.distr1.mirrors.coordinator.CoordinatorConfiguration;
import org.distr1.mirrors.coordinator.TestCoordinator;
import org.distr1.mirrors.shared.api.ApiError;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every refusal Jersey itself makes leaves in the one ApiError shape. */
@Tag("database")
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiErrorShapeTest {

  static final DropwizardAppExtension<CoordinatorConfiguration> APP =
      TestCoordinator.extension(TestCoordinator.newDataDir());

  private Response call(String method, String path, Entity<?> body) {
    return APP.client().target(TestCoordinator.api(APP) + path).request().method(method, body);
  }

  private static ApiError error(Response response) {
    assertThat(response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)).isTrue();
    return response.readEntity(ApiError.class);
  }

  @Test
  void unknownPathIs404() {
    Response response = call("GET", "/v1/no-such-thing", null);
    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(error(response)).isEqualTo(new ApiError(404, "not_found", "No such resource."));
  }

  @Test
  void wrongMethodIs405WithAllow() {
    Response response = call("PUT", "/v1/mirrors", Entity.json("{}"));
    assertThat(response.getStatus()).isEqualTo(405);
    assertThat(response.getHeaderString("Allow")).contains("POST");
    assertThat(error(response).code()).isEqualTo("method_not_allowed");
  }

  @Test
  void wrongContentTypeIs415() {
    Response response = call("POST", "/v1/mirrors", Entity.text("name=x"));
    assertThat(response.getStatus()).isEqualTo(415);
    assertThat(error(response).code()).isEqualTo("unsupported_media_type");
  }

  @Test
  void unreadableJsonIs400() {
    Response response = call("POST", "/v1/mirrors", Entity.json("{\"name\": "));
    assertThat(response.getStatus()).isEqualTo(400);
    ApiError error = error(response);
    assertThat(error.code()).isEqualTo("bad_json");
    assertThat(error.message()).startsWith("Unable to read the JSON body");
  }

  @Test
  void recordRefusalIs400WithItsMessage() {
    Response response = call("POST", "/v1/mirrors", Entity.json("{\"name\": \"x\"}"));
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(error(response))
        .isEqualTo(new ApiError(400, "invalid_request", "baseUrl is required"));
  }

  @Test
  void missingBodyIs422() {
    Response response = call("POST", "/v1/mirrors", Entity.json(""));
    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(error(response).code()).isEqualTo("invalid_request");
  }
}
