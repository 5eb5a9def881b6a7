"""From matched articles to incidents: facts, merging, the incident store, export."""
