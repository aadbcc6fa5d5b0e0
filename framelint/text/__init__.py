"""The text model: decoding, input formats, the document, sentences, quotations and attribution."""
