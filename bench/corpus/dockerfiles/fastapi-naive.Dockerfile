FROM python
MAINTAINER someone@example.com
WORKDIR app
COPY . .
RUN apt-get update
RUN apt-get install -y gcc git curl
RUN pip install -r requirements.txt
RUN pip install fastapi uvicorn scikit-learn
ENV OPENAI_API_KEY=sk-proj-0123456789abcdefghijklmnop
ADD app/ /app/app/
RUN cd /app && python -m compileall .
EXPOSE 5000
CMD uvicorn app.main:app --port 8000
