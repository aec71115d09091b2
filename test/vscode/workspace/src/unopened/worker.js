const pino = require('pino');

function work(task) {
  const workerLog = pino();
  workerLog.info(task);
}

module.exports = { work };
