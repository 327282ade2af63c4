FROM nvidia/cuda:12.6.0-devel-ubuntu22.04
ENV LD_LIBRARY_PATH=/opt/custom/lib
ENV NVIDIA_VISIBLE_DEVICES=void
RUN apt-get update && apt-get install -y python3-pip cmake git
RUN git clone https://github.com/example/kernels /opt/kernels && cd /opt/kernels && make
RUN pip3 install torch
COPY . /workspace
WORKDIR /workspace
CMD python3 serve.py
