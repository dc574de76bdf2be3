#!/usr/bin/env python3
"""Trains the model of model.py with PyTorch as dnn's `fit` does, on one process or many.

One process:
    python3 train.py --data DIR --epochs 10 --out DIR
Several processes on this machine (torchrun):
    python3 -m torch.distributed.run --standalone --nproc_per_node 2 train.py --data DIR --out DIR
Several machines (run on each, R = 0 .. M-1; HOST:PORT reachable from all):
    python3 -m torch.distributed.run --nnodes M --node_rank R --master_addr HOST --master_port PORT \\
        --nproc_per_node 2 train.py --data DIR --out DIR

Keras semantics: batch_size is the global batch of one step, split evenly across the processes
(DistributedDataParallel averages their gradients; a DistributedSampler gives each process its
share of every epoch); validation_split takes the LAST part of the training data; the
optimizer's Keras defaults (Adam's epsilon 1e-7). Defaults come from training.json (the .dnn
file's compile and fit blocks). gloo on CPU, NCCL on CUDA (--device cuda).

DIR holds the IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte,
t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (or the same names with .gz).
--out receives the trained weights (torch_weights.json/.bin, which model.py's build_model
loads when --out is this folder) and training_result.json (history, test loss and accuracy,
the samples each process trained on).

Stopping early: create the file --stop-file names (dnn does when you press Stop or Ctrl-C).
Every process looks for it before each step and they agree (a max over all of them), so all
stop at the same step; the weights so far are saved as usual, training_result.json records
where it stopped (`stopped`: epoch, batches done in it) and the test set is not scored.
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model as exported  # noqa: E402  (model.py beside this file)

EVENT_PREFIX = '@dnn-event '
IDX_NAMES = {
    'train_images': 'train-images-idx3-ubyte',
    'train_labels': 'train-labels-idx1-ubyte',
    'test_images': 't10k-images-idx3-ubyte',
    'test_labels': 't10k-labels-idx1-ubyte',
}
CLIP = 1e-7  # Keras's epsilon: probabilities are clipped to [CLIP, 1 - CLIP] before the log


def parse_args(settings):
    fit = settings['fit']
    parser = argparse.ArgumentParser(description='Train %s with PyTorch (see the top of this file).' % settings['model'])
    parser.add_argument('--data', help='folder with the four IDX files')
    for key, name in IDX_NAMES.items():
        parser.add_argument('--' + key.replace('_', '-'), help='IDX file (default: DIR/%s)' % name)
    parser.add_argument('--epochs', type=int, default=fit['epochs'])
    parser.add_argument('--batch-size', type=int, default=fit['batchSize'], help='global batch of one step')
    parser.add_argument('--validation-split', type=float, default=fit['validationSplit'])
    parser.add_argument('--seed', type=int, default=fit.get('seed'))
    parser.add_argument('--train-limit', type=int, help='train on the first N training samples only')
    parser.add_argument('--test-limit', type=int, help='evaluate on the first N test samples only')
    parser.add_argument('--device', choices=['cpu', 'cuda'], default='cpu')
    parser.add_argument('--out', default=HERE, help='where the trained weights and training_result.json go')
    parser.add_argument('--events', action='store_true', help='print progress as JSON lines (for dnn)')
    parser.add_argument('--stop-file', help='stop before the next step once this file exists, saving the weights')
    args = parser.parse_args()
    for key, name in IDX_NAMES.items():
        if getattr(args, key) is None:
            if args.data is None:
                parser.error('give --data DIR (or all four --train-images ... --test-labels files)')
            setattr(args, key, find_idx(args.data, name))
    return args


def find_idx(folder, name):
    for candidate in (name, name + '.gz', name.replace('-idx', '.idx'), name.replace('-idx', '.idx') + '.gz'):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return path
    sys.exit('train.py: %s has no %s (or %s.gz)' % (folder, name, name))


def read_idx(path):
    """An IDX file (big-endian header, unsigned bytes) as a uint8 tensor."""
    with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
        data = f.read()
    zero, dtype, rank = struct.unpack('>HBB', data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit('train.py: %s is not an IDX file of unsigned bytes' % path)
    shape = struct.unpack('>%dI' % rank, data[4:4 + 4 * rank])
    return torch.frombuffer(bytearray(data[4 + 4 * rank:]), dtype=torch.uint8).reshape(shape)


def load_samples(images_path, labels_path, limit, input_shape):
    images, labels = read_idx(images_path), read_idx(labels_path)
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    pixels = images.reshape(images.shape[0], *input_shape).float() / 255.0
    return pixels, labels.long()


def make_loss(name, classes):
    """The Keras loss on the model's outputs (probabilities), mean over the batch."""
    def one_hot(labels):
        return torch.nn.functional.one_hot(labels, classes).float()

    def categorical(p, labels):
        p = p / p.sum(dim=-1, keepdim=True)
        return -(one_hot(labels) * torch.log(p.clamp(CLIP, 1 - CLIP))).sum(dim=-1).mean()

    def binary(p, labels):
        y, p = one_hot(labels), p.clamp(CLIP, 1 - CLIP)
        return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()

    losses = {
        'categorical_crossentropy': categorical,
        'sparse_categorical_crossentropy': categorical,
        'binary_crossentropy': binary,
        'mean_squared_error': lambda p, labels: ((one_hot(labels) - p) ** 2).mean(),
        'mean_absolute_error': lambda p, labels: (one_hot(labels) - p).abs().mean(),
    }
    if name not in losses:
        sys.exit('train.py: the loss %s is not available' % name)
    return losses[name]


def make_optimizer(spec, parameters):
    """The Keras optimizer with its Keras (tfjs) defaults; the .dnn file's arguments win."""
    name, a = spec['name'], spec['args']
    lr = a.get('learning_rate')
    if name in ('sgd', 'momentum'):
        momentum = a.get('momentum', 0.9 if name == 'momentum' else 0.0)
        return torch.optim.SGD(parameters, lr=lr or 0.01, momentum=momentum, nesterov=bool(a.get('nesterov', False)) and momentum > 0)
    if name == 'adam':
        return torch.optim.Adam(parameters, lr=lr or 0.001, betas=(a.get('beta_1', 0.9), a.get('beta_2', 0.999)), eps=a.get('epsilon', 1e-7))
    if name == 'adamax':
        if a.get('decay', 0):
            sys.exit('train.py: adamax with decay has no PyTorch equivalent')
        return torch.optim.Adamax(parameters, lr=lr or 0.002, betas=(a.get('beta_1', 0.9), a.get('beta_2', 0.999)), eps=a.get('epsilon', 1e-7))
    if name == 'rmsprop':
        return torch.optim.RMSprop(parameters, lr=lr or 0.001, alpha=a.get('rho', 0.9), momentum=a.get('momentum', 0.0),
                                   eps=a.get('epsilon', 1e-7), centered=bool(a.get('centered', False)))
    if name == 'adagrad':
        return torch.optim.Adagrad(parameters, lr=lr or 0.001, initial_accumulator_value=a.get('initial_accumulator_value', 0.1), eps=1e-7)
    if name == 'adadelta':
        return torch.optim.Adadelta(parameters, lr=lr or 0.001, rho=a.get('rho', 0.95), eps=a.get('epsilon', 1e-7))
    sys.exit('train.py: the optimizer %s is not available' % name)


class Run:
    """The process's place in the job: rank 0 of the world reports and saves."""

    def __init__(self, device_name):
        self.world = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        local_rank = int(os.environ.get('LOCAL_RANK', '0'))
        if device_name == 'cuda':
            if not torch.cuda.is_available():
                sys.exit('train.py: --device cuda, but PyTorch sees no CUDA device')
            torch.cuda.set_device(local_rank)
            self.device = torch.device('cuda', local_rank)
        else:
            self.device = torch.device('cpu')
        if self.world > 1:
            dist.init_process_group('nccl' if device_name == 'cuda' else 'gloo')

    def sum(self, values):
        """Element-wise sum over all processes."""
        tensor = torch.tensor(values, dtype=torch.float64, device=self.device)
        if self.world > 1:
            dist.all_reduce(tensor)
        return tensor.tolist()

    def any(self, flag):
        """True on every process when it is true on any: all of them take the same decision."""
        if self.world == 1:
            return flag
        tensor = torch.tensor([1 if flag else 0], dtype=torch.int32, device=self.device)
        dist.all_reduce(tensor, op=dist.ReduceOp.MAX)
        return bool(tensor.item())

    def gather(self, value):
        if self.world == 1:
            return [value]
        values = [None] * self.world
        dist.all_gather_object(values, value)
        return values


def score(net, run, loss_fn, pixels, labels, batch_size=1000):
    """Loss and accuracy over all of pixels/labels, each process taking every world-th sample."""
    net.eval()
    loss_sum = correct = 0.0
    shard = torch.arange(run.rank, labels.shape[0], run.world)
    with torch.no_grad():
        for start in range(0, shard.shape[0], batch_size):
            index = shard[start:start + batch_size]
            x, y = pixels[index].to(run.device), labels[index].to(run.device)
            p = net(x)
            loss_sum += loss_fn(p, y).item() * y.shape[0]
            correct += (p.argmax(dim=-1) == y).sum().item()
    loss_sum, correct = run.sum([loss_sum, correct])
    count = labels.shape[0]
    return (loss_sum / count, correct / count) if count else (None, None)


def main():
    with open(os.path.join(HERE, 'training.json')) as f:
        settings = json.load(f)
    args = parse_args(settings)
    run = Run(args.device)
    leader = run.rank == 0

    def emit(event):
        if leader and args.events:
            print(EVENT_PREFIX + json.dumps(event), flush=True)

    def say(text):
        if leader and not args.events:
            print(text, flush=True)

    if args.batch_size % run.world != 0:
        sys.exit('train.py: batch_size %d cannot be split evenly across %d processes' % (args.batch_size, run.world))
    local_batch = args.batch_size // run.world
    if args.seed is not None:
        torch.manual_seed(args.seed)

    input_shape = settings['inputShape']
    pixels, labels = load_samples(args.train_images, args.train_labels, args.train_limit, input_shape)
    test_pixels, test_labels = load_samples(args.test_images, args.test_labels, args.test_limit, input_shape)
    split = int(math.floor(labels.shape[0] * (1 - args.validation_split)))
    train_x, train_y = pixels[:split], labels[:split]
    val_x, val_y = pixels[split:], labels[split:]

    net = exported.build_model().to(run.device)
    model = DistributedDataParallel(net) if run.world > 1 else net
    loss_fn = make_loss(settings['loss'], settings['classes'])
    optimizer = make_optimizer(settings['optimizer'], model.parameters())
    sampler = DistributedSampler(range(split), num_replicas=run.world, rank=run.rank,
                                 shuffle=settings['fit']['shuffle'], seed=args.seed or 0, drop_last=False)
    steps = math.ceil(len(sampler) / local_batch)
    emit({'type': 'start', 'model': settings['model'], 'epochs': args.epochs, 'batchesPerEpoch': steps,
          'trainSamples': split, 'validationSamples': labels.shape[0] - split, 'runDir': args.out})
    say('%s: %d training samples, %d validation, %d processes, %d steps of %d per epoch'
        % (settings['model'], split, labels.shape[0] - split, run.world, steps, args.batch_size))

    history, shares = [], []
    started = time.time()
    last_event = 0.0
    stopped = None

    def stop_requested():
        return run.any(args.stop_file is not None and os.path.exists(args.stop_file))

    for epoch in range(1, args.epochs + 1):
        epoch_started = time.time()
        sampler.set_epoch(epoch)
        order = torch.tensor(list(sampler), dtype=torch.long)
        model.train()
        loss_sum = correct = seen = 0.0
        for step in range(steps):
            if stop_requested():
                stopped = {'epoch': epoch, 'batch': step}
                break
            index = order[step * local_batch:(step + 1) * local_batch]
            x, y = train_x[index].to(run.device), train_y[index].to(run.device)
            p = model(x)
            loss = loss_fn(p, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * y.shape[0]
            correct += (p.argmax(dim=-1) == y).sum().item()
            seen += y.shape[0]
            if not math.isfinite(loss.item()):
                sys.exit('train.py: the loss became %s at epoch %d, batch %d: training diverged; try a smaller learning_rate'
                         % (loss.item(), epoch, step + 1))
            now = time.time()
            if now - last_event >= 0.1 or step == steps - 1:
                last_event = now
                emit({'type': 'batch', 'epoch': epoch, 'batch': step + 1, 'batchesPerEpoch': steps,
                      'loss': loss_sum / seen, 'accuracy': correct / seen, 'elapsedSeconds': now - started})
        if stopped:
            break
        # Every process's share of this epoch, and how many distinct samples they saw together.
        seen_by = run.gather(order.tolist())
        shares.append({'samplesPerProcess': [len(indices) for indices in seen_by],
                       'distinctSamples': len(set(i for indices in seen_by for i in indices))})
        loss_sum, correct, seen = run.sum([loss_sum, correct, seen])
        record = {'epoch': epoch, 'loss': loss_sum / seen, 'accuracy': correct / seen}
        if val_y.shape[0] > 0:
            record['valLoss'], record['valAccuracy'] = score(net, run, loss_fn, val_x, val_y)
        record['seconds'] = time.time() - epoch_started
        history.append(record)
        emit(dict(type='epoch', **record))
        say('Epoch %d/%d - loss %.4f - accuracy %.4f%s - %.1fs' % (
            epoch, args.epochs, record['loss'], record['accuracy'],
            ' - val_loss %.4f - val_accuracy %.4f' % (record['valLoss'], record['valAccuracy']) if 'valLoss' in record else '',
            record['seconds']))

    test_loss, test_accuracy = (None, None) if stopped else score(net, run, loss_fn, test_pixels, test_labels)
    if leader:
        os.makedirs(args.out, exist_ok=True)
        exported.save_weights(net, os.path.join(args.out, 'torch_weights'))
        result = {'model': settings['model'], 'worldSize': run.world, 'device': args.device, 'history': history,
                  'test': None if stopped else {'loss': test_loss, 'accuracy': test_accuracy, 'samples': test_labels.shape[0]},
                  'epochShares': shares, 'seconds': time.time() - started, 'stopped': stopped}
        with open(os.path.join(args.out, 'training_result.json'), 'w') as f:
            json.dump(result, f, indent=1)
        if stopped:
            say('stopped at epoch %d after %d batches; the weights so far are saved' % (stopped['epoch'], stopped['batch']))
        else:
            say('test: loss %.4f - accuracy %.4f' % (test_loss, test_accuracy))
    if run.world > 1:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == '__main__':
    main()
