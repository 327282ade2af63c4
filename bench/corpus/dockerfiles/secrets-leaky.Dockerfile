FROM python:3.11-slim
ARG HF_TOKEN
ARG AWS_SECRET_ACCESS_KEY=abc123notreal
ENV HF_TOKEN=$HF_TOKEN
ENV AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP
WORKDIR /app
COPY .env .env
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN curl -fsSL https://example.com/install.sh | bash
COPY . .
USER root
CMD ["python", "serve.py"]
