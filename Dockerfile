# Error Surface Explorer: the Streamlit app, nothing else.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ESE_DATA_DIR=/home/app/data

RUN useradd --create-home --uid 10001 app
WORKDIR /home/app/explorer

# Dependencies first: this layer stays cached while only the code changes.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app app.py serve.py ./
COPY --chown=app:app assets ./assets
COPY --chown=app:app gd_core ./gd_core
COPY --chown=app:app ui ./ui
COPY --chown=app:app views ./views
COPY --chown=app:app rooms ./rooms
COPY --chown=app:app .streamlit ./.streamlit

USER 10001
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]
CMD ["streamlit", "run", "serve.py", "--server.address=0.0.0.0", "--server.port=8501"]
