FROM python:3.11-alpine
RUN apk add --no-cache libstdc++ \
    && apk add --virtual .build-deps build-base \
    && pip install --no-cache-dir streamlit==1.36.0 pandas==2.2.2 \
    && apk del .build-deps
WORKDIR /dashboard
COPY dashboard.py .
RUN adduser -D -u 10001 viewer
USER viewer
EXPOSE 8501
CMD ["streamlit", "run", "dashboard.py", "--server.port", "8501"]
