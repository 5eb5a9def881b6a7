"""The bundled offline news site that `watchpost demo` serves: a manifest of articles and their rendered pages."""
