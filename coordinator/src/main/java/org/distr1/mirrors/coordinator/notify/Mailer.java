package org.distr1.mirrors.coordinator.notify;

/** Sends mail; {@link SmtpMailer} over SMTP. */
public interface Mailer {

  /**
   * Sends {@code mail} and returns once the server accepted it.
   *
   * @throws Refused when the server refused every recipient for good (a wrong address): sending
   *     again will not help
   * @throws MailFailure for anything that may pass later (server unreachable, timeout)
   */
  void send(Mail mail) throws MailFailure;

  /** Sending failed; the message says why, in a line. */
  class MailFailure extends Exception {
    public MailFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The server refused the recipients: a wrong address, not a passing failure. */
  final class Refused extends MailFailure {
    public Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
