"""The network's rules for every outgoing request: the SSRF guard and Retry-After parsing."""
