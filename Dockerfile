# The board's app image: Python 3.11, the package and its static files.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml uv.lock README.md scripts/uv-requirements.txt ./
# Exactly the lock's runtime pins, checked against their hashes, then the board itself.
RUN pip install --no-cache-dir --no-deps --require-hashes -r uv-requirements.txt \
 && uv export --frozen --no-emit-project --quiet -o requirements.txt \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements.txt \
 && pip uninstall --yes uv
COPY board ./board
COPY static ./static
RUN pip install --no-cache-dir --no-deps .
# Sessions must be signed with the same secret by every process: pass BOARD_SECRET.
USER nobody
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
CMD ["python", "-m", "board", "serve", "--host", "0.0.0.0", "--port", "8000"]
