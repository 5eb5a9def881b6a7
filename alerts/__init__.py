"""watchpost's alerts: subscriptions, the outbox, rendering, signing and delivery channels."""
