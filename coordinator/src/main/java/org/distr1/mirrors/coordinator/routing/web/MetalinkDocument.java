package org.distr1.mirrors.coordinator.routing.web;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.distr1.mirrors.coordinator.origin.FileDigests;
import org.distr1.mirrors.coordinator.origin.OriginFile;

/** A Metalink v4 document (RFC 5854) for one origin file, written with the JDK's StAX writer. */
final class MetalinkDocument {
  static final String MEDIA_TYPE = "application/metalink4+xml";
  private static final String NS = "urn:ietf:params:xml:ns:metalink";
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  /**
   * @param location ISO 3166-1 alpha-2 code in lower case, or null
   * @param priority 1 is tried first (RFC 5854 section 4.2.16.1)
   */
  record Url(String url, String location, int priority) {
    Url {
      Objects.requireNonNull(url, "url");
      if (priority < 1 || priority > 999_999) {
        throw new IllegalArgumentException("metalink priorities are 1 to 999999");
      }
    }
  }

  private MetalinkDocument() {}

  /**
   * @param digests null while the file is not hashed yet: the document then has no hashes
   */
  static byte[] render(OriginFile file, FileDigests digests, List<Url> urls) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            1024 + urls.size() * 128 + (digests == null ? 0 : digests.pieces().size() * 90));
    try {
      XMLStreamWriter xml = XML.createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.setDefaultNamespace(NS);
      xml.writeStartElement(NS, "metalink");
      xml.writeDefaultNamespace(NS);
      text(xml, "generator", "distri-mirrors");
      xml.writeStartElement(NS, "file");
      xml.writeAttribute("name", file.path().substring(file.path().lastIndexOf('/') + 1));
      text(xml, "size", Long.toString(file.size()));
      if (digests != null) {
        hash(xml, "sha-256", digests.sha256());
        hash(xml, "sha-512", digests.sha512());
        xml.writeStartElement(NS, "pieces");
        xml.writeAttribute("length", Integer.toString(digests.pieceLength()));
        xml.writeAttribute("type", "sha-256");
        for (String piece : digests.pieces()) {
          text(xml, "hash", piece);
        }
        xml.writeEndElement();
      }
      for (Url url : urls) {
        xml.writeStartElement(NS, "url");
        if (url.location() != null) {
          xml.writeAttribute("location", url.location());
        }
        xml.writeAttribute("priority", Integer.toString(url.priority()));
        xml.writeCharacters(url.url());
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("a metalink of checked values always writes", e);
    }
    return out.toByteArray();
  }

  private static void hash(XMLStreamWriter xml, String type, String hex) throws XMLStreamException {
    xml.writeStartElement(NS, "hash");
    xml.writeAttribute("type", type);
    xml.writeCharacters(hex);
    xml.writeEndElement();
  }

  private static void text(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeStartElement(NS, name);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }
}
