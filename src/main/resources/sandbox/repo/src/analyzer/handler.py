def handle(event, context):
    text = (event or {}).get("text", "")
    return {"sentiment": "positive" if "great" in text.lower() else "neutral"}
