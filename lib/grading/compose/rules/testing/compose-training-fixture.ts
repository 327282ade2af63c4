/** Test helper: a training job's stack, which passes the GPU, shared-memory and mount rules. Line numbers matter. */
export const TRAINING = `services:
  train:
    build: .
    gpus: all
    shm_size: "1gb"
    volumes:
      - ./data:/data:ro
      - checkpoints:/checkpoints
      - outputs:/outputs
volumes:
  checkpoints:
  outputs:
`;

export const TRAINING_CHECKS = {
  compose: {
    file: "compose.yaml",
    services: {
      train: {
        role: "the training job",
        build: true,
        gpus: true,
        shmMinMB: 256,
        mounts: [
          { target: "/data", readOnly: true },
          { target: "/checkpoints", keep: true },
          { target: "/outputs", keep: true },
        ],
      },
    },
  },
};
