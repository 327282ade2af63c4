FROM python:3.12-slim-bookworm
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG APP_USER=web
RUN groupadd --gid 10001 ${APP_USER} \
    && useradd --uid 10001 --gid ${APP_USER} --no-create-home ${APP_USER}
WORKDIR /opt/service
COPY requirements.txt constraints.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt -c constraints.txt
COPY service/ ./service/
COPY gunicorn.conf.py .
RUN python -c "import service" | tee /tmp/import.log
USER ${APP_USER}
EXPOSE 8000
HEALTHCHECK --interval=15s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/health')"
ENTRYPOINT ["gunicorn"]
CMD ["service.wsgi:app"]
