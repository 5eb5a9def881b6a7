"""From matched articles to incidents: facts (tolls, dates, places, actors), merging, the incident store and export."""
