"""The Qt window: canvas, timeline, state panel and editors around a Session."""
