"""The bundled offline news site that `watchpost demo` serves: its manifest and pages."""
