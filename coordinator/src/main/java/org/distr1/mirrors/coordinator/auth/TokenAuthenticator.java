package org.distr1.mirrors.coordinator.auth;

import io.dropwizard.auth.Authenticator;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import org.distr1.mirrors.shared.web.ApiException;

/**
 * Checks a bearer token of one audience: looks up its owner's stored hash by id and compares in
 * constant time. The rule for everything else (docs/api.md, "Authentication"): a token with another
 * audience's prefix is refused with 403 whether or not it is valid there (this door never looks at
 * another audience's secrets, so it neither costs their lookup nor tells a guesser anything); no
 * token, a token of no known audience, or this audience's prefix with an unknown owner or a wrong
 * secret is 401.
 */
public final class TokenAuthenticator<P extends Principal> implements Authenticator<String, P> {

  /** Finds the stored hash for an owner id and the principal it stands for. */
  public interface Owners<P> {
    Optional<Owner<P>> find(long ownerId);
  }

  public record Owner<P>(String tokenHash, P principal) {}

  private final String prefix;
  private final Owners<P> owners;
  private final Map<String, String> otherAudiences;

  /**
   * @param otherAudiences for prefixes of tokens meant for other doors, the sentence that tells
   *     their holder why they cannot pass this one (others get a generic one)
   */
  public TokenAuthenticator(String prefix, Owners<P> owners, Map<String, String> otherAudiences) {
    this.prefix = prefix;
    this.owners = owners;
    this.otherAudiences = Map.copyOf(otherAudiences);
  }

  @Override
  public Optional<P> authenticate(String token) {
    Optional<Tokens.Presented> presented = Tokens.parse(prefix, token);
    if (presented.isEmpty()) {
      Tokens.AUDIENCES.forEach(
          (otherPrefix, kind) -> {
            if (!otherPrefix.equals(prefix) && token.startsWith(otherPrefix)) {
              throw ApiException.forbidden(
                  otherAudiences.getOrDefault(
                      otherPrefix, "This is " + kind + ", which cannot be used here."));
            }
          });
      return Optional.empty();
    }
    return owners
        .find(presented.get().ownerId())
        .filter(owner -> Tokens.matches(presented.get().secret(), owner.tokenHash()))
        .map(Owner::principal);
  }
}
