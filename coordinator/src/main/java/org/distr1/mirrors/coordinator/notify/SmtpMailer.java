package org.distr1.mirrors.coordinator.notify;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/** Sends over SMTP with Angus Mail (Jakarta Mail): one connection per message. */
final class SmtpMailer implements Mailer {
  private final Session session;
  private final String protocol;
  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final String from;

  SmtpMailer(
      String host,
      int port,
      SmtpFactory.Tls tls,
      String username,
      String password,
      String from,
      Duration timeout) {
    this.protocol = tls == SmtpFactory.Tls.SMTPS ? "smtps" : "smtp";
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.from = from;
    Properties p = new Properties();
    String prefix = "mail." + protocol + ".";
    p.setProperty(prefix + "host", host);
    p.setProperty(prefix + "port", Integer.toString(port));
    p.setProperty(prefix + "auth", Boolean.toString(username != null));
    p.setProperty(prefix + "connectiontimeout", Long.toString(timeout.toMillis()));
    p.setProperty(prefix + "timeout", Long.toString(timeout.toMillis()));
    p.setProperty(prefix + "writetimeout", Long.toString(timeout.toMillis()));
    if (tls == SmtpFactory.Tls.STARTTLS) {
      // required: a server that does not offer it gets no mail rather than mail in the clear
      p.setProperty(prefix + "starttls.enable", "true");
      p.setProperty(prefix + "starttls.required", "true");
    }
    if (tls != SmtpFactory.Tls.NONE) {
      p.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(p);
  }

  @Override
  public void send(Mail mail) throws MailFailure {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(from, true));
      for (String to : mail.to()) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
      }
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      message.setText(mail.body(), StandardCharsets.UTF_8.name());
      message.setSentDate(new Date());
      try (Transport transport = session.getTransport(protocol)) {
        transport.connect(host, port, username, password);
        transport.sendMessage(message, message.getAllRecipients());
      }
    } catch (SendFailedException e) {
      Address[] invalid = e.getInvalidAddresses();
      if (invalid != null && invalid.length > 0 && isEmpty(e.getValidSentAddresses())) {
        throw new Refused("refused by " + host + ": " + oneLine(e), e);
      }
      throw new MailFailure("not sent through " + host + ":" + port + ": " + oneLine(e), e);
    } catch (MessagingException e) {
      throw new MailFailure("not sent through " + host + ":" + port + ": " + oneLine(e), e);
    }
  }

  private static boolean isEmpty(Address[] addresses) {
    return addresses == null || addresses.length == 0;
  }

  /** The innermost reason, on one line: SMTP replies end in CRLF, exceptions nest. */
  private static String oneLine(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String text = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause != e && e.getMessage() != null) {
      text = e.getMessage() + " (" + text + ")";
    }
    return text.replaceAll("\\s+", " ").trim();
  }
}
