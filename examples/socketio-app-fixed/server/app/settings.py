import os

CORS_ORIGINS = os.environ.get("CORS_ORIGINS", "http://localhost:5173").split(",")
METRICS_EVERY_S = float(os.environ.get("METRICS_EVERY_S", "5"))
