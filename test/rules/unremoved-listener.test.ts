import rule from '../../rules/unremoved-listener';
import { ruleTester } from '../rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'an AbortSignal removes the listener',
      code: `export function track(signal) {\n  window.addEventListener('resize', () => layout(), { signal });\n}`,
    },
    {
      name: '{ once: true } removes the listener after the first event',
      code: `export function onFirstClick(run) {\n  document.addEventListener('click', run, { once: true });\n}`,
    },
    {
      name: 'options we cannot see into may carry a signal',
      code: `export function track(options) {\n  window.addEventListener('resize', layout, options);\n}`,
    },
    {
      name: 'removed in dispose with the same event name',
      code: `class View {\n  constructor() {\n    window.addEventListener('resize', this.onResize);\n  }\n  onResize = () => this.layout();\n  dispose() {\n    window.removeEventListener('resize', this.onResize);\n  }\n}`,
    },
    {
      name: 'removeAllListeners for the event also removes inline handlers',
      code: `class Client {\n  constructor(private readonly bus: Bus) {\n    this.bus.on('message', (m) => this.handle(m));\n  }\n  close() {\n    this.bus.removeAllListeners('message');\n  }\n}`,
    },
    {
      name: 'a request passed in ends with the request: a short-lived target',
      code: `export function handle(req, res) {\n  req.on('data', (chunk) => chunks.push(chunk));\n  res.on('finish', () => log(res.statusCode));\n}`,
    },
    {
      name: 'an emitter created in the same function goes with it',
      code: `import { EventEmitter } from 'node:events';\nexport function run() {\n  const events = new EventEmitter();\n  events.on('done', () => console.log('done'));\n  return events;\n}`,
    },
    {
      name: 'a socket the object creates itself lives and dies with it',
      code: `class Connection {\n  private socket;\n  connect() {\n    this.socket = net.connect(this.port);\n    this.socket.on('data', (d) => this.read(d));\n  }\n  close() {}\n}`,
    },
    {
      name: 'a target the class releases in dispose takes its listeners with it',
      code: `class Session {\n  constructor(private readonly channel: Channel) {\n    this.channel.on('message', (m) => this.handle(m));\n  }\n  dispose() {\n    this.channel.close();\n  }\n}`,
    },
    {
      name: 'near miss: process handlers in a plain function are bootstrap code, run once',
      code: `export function main() {\n  process.on('SIGINT', () => process.exit(130));\n  run();\n}`,
    },
    {
      name: 'near miss: a listener added at module level',
      code: `window.addEventListener('error', (e) => report(e));`,
    },
    {
      name: 'near miss: a listener added by a function that only runs at load time',
      code: `function install() {\n  window.addEventListener('message', onMessage, true);\n}\ninstall();`,
    },
    {
      name: 'near miss: a field target in a class with no end of life',
      code: `class Logger {\n  constructor(private readonly stream: Stream) {\n    this.stream.on('error', (e) => console.error(e));\n  }\n}`,
    },
    {
      name: 'RxJS: takeUntil before subscribe ends the subscription',
      code: `class Panel {\n  ngOnInit() {\n    this.store.select(user).pipe(takeUntil(this.destroy$)).subscribe((u) => (this.user = u));\n  }\n  ngOnDestroy() {\n    this.destroy$.next();\n  }\n}`,
    },
    {
      name: 'RxJS: take(1) and first() complete by themselves',
      code: `class Panel {\n  ngOnInit() {\n    this.route.params.pipe(take(1)).subscribe((p) => this.load(p));\n    this.config$.pipe(map(normalize), first()).subscribe((c) => (this.config = c));\n  }\n}`,
    },
    {
      name: 'an HTTP request completes after one value',
      code: `class Panel {\n  ngOnInit() {\n    this.http.get('/api/user').subscribe((u) => (this.user = u));\n  }\n}`,
    },
    {
      name: 'a subscription stored and unsubscribed later',
      code: `class Panel {\n  private sub?: Subscription;\n  ngOnInit() {\n    this.sub = this.store.changes$.subscribe((c) => this.apply(c));\n  }\n  ngOnDestroy() {\n    this.sub?.unsubscribe();\n  }\n}`,
    },
    {
      name: 'disposables handed to context.subscriptions and this._register',
      code: `export function activate(context) {\n  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(() => reload()));\n}\nclass Feature extends Disposable {\n  constructor(private readonly editor: Editor) {\n    super();\n    this._register(this.editor.onDidChangeModel(() => this.update()));\n  }\n}`,
    },
    {
      name: 'a VS Code event given a disposables array as its third argument joins it',
      code: `class Feature {\n  constructor(private readonly editor: Editor, private readonly toDispose: Disposable[]) {\n    this.editor.onDidChangeModel(this.update, this, this.toDispose);\n  }\n  dispose() {}\n}`,
    },
    {
      name: 'near miss: calling a callback prop hands it data, it does not subscribe',
      code: `class Field {\n  commit(value) {\n    this.props.onChange(value);\n    this.options.onCommit(value);\n  }\n  dispose() {}\n}`,
    },
    {
      name: 'subscribing to one\'s own event',
      code: `class Model extends Disposable {\n  constructor() {\n    super();\n    this.onDidChange(() => this.version++);\n  }\n  dispose() {}\n}`,
    },
    {
      name: 'React: an effect whose cleanup removes the listener',
      filename: 'size.tsx',
      code: `function useWindowSize() {\n  useEffect(() => {\n    window.addEventListener('resize', onResize);\n    return () => window.removeEventListener('resize', onResize);\n  }, []);\n}`,
    },
    {
      name: 'cleanupFunctions: a project helper that removes whatever it is given',
      options: { cleanupFunctions: ['untrack'] },
      code: `class View {\n  constructor() {\n    window.addEventListener('resize', this.onResize);\n  }\n  onResize() {}\n  dispose() {\n    untrack(this.onResize);\n  }\n}`,
    },
    {
      name: 'events.on(emitter, name) is an async iterator, not a listener on the module',
      code: `import events from 'node:events';\nexport async function drain(emitter) {\n  for await (const e of events.on(emitter, 'data')) handle(e);\n}`,
    },
    {
      name: 'a window parameter is not the global window',
      code: `export function attach(window) {\n  window.addEventListener('resize', () => layout());\n}`,
    },
    {
      name: 'the add\'s result is kept: some emitters return an unsubscribe function',
      code: `const bus = createBus();\nexport function watch(fn) {\n  const off = bus.on('change', fn);\n  return off;\n}`,
    },
    {
      name: 'near miss: a discarded disposable in a plain helper with no registrar or lifecycle in sight',
      code: `import * as vscode from 'vscode';\nexport function logSaves(channel) {\n  vscode.workspace.onDidSaveTextDocument((d) => channel.appendLine(d.fileName));\n}`,
    },
    {
      name: 'near miss: an observable created on the spot, in a class with no lifecycle',
      code: `import { fromEvent } from 'rxjs';\nclass Layout {\n  constructor() {\n    fromEvent(window, 'resize').subscribe(() => this.relayout());\n  }\n}`,
    },
    {
      name: 'a jQuery-wrapped target is not a dotted long-lived name',
      filename: 'widget.js',
      code: `export function init() {\n  $(window).on('resize', layout);\n}`,
    },
  ],
  invalid: [
    {
      name: 'a named handler on window in a class with dispose: removed there',
      code: `class View {\n  constructor() {\n    window.addEventListener('resize', this.onResize);\n  }\n  onResize() {}\n  dispose() {\n    this.root.remove();\n  }\n}`,
      errors: [{ line: 3, column: 5, message: 'no removeEventListener(\'resize\', …) in this file' }],
      output: `class View {\n  constructor() {\n    window.addEventListener('resize', this.onResize);\n  }\n  onResize() {}\n  dispose() {\n    window.removeEventListener('resize', this.onResize);\n    this.root.remove();\n  }\n}`,
    },
    {
      name: 'a capture listener is removed with the same flag; a module-level handler is visible in dispose',
      code: `function onKey(e) {}\nclass Shortcuts {\n  enable() {\n    document.addEventListener('keydown', onKey, true);\n  }\n  disconnectedCallback() {}\n}`,
      errors: [{ line: 4, column: 5 }],
      output: `function onKey(e) {}\nclass Shortcuts {\n  enable() {\n    document.addEventListener('keydown', onKey, true);\n  }\n  disconnectedCallback() {\n    document.removeEventListener('keydown', onKey, true);\n  }\n}`,
    },
    {
      name: 'an inline handler can never be removed: the message says so, and there is no fix',
      code: `export function trackScroll(el) {\n  window.addEventListener('scroll', () => el.update());\n}`,
      errors: [{ line: 2, column: 3, message: 'inline function, so it can never be removed' }],
      output: null,
    },
    {
      name: 'a bound method is a new function each time: inline too',
      code: `class View {\n  mount() {\n    window.addEventListener('resize', this.layout.bind(this));\n  }\n  layout() {}\n  dispose() {}\n}`,
      errors: [{ line: 3, column: 5, message: 'inline function' }],
      output: null,
    },
    {
      name: 'an injected emitter in a class with a disposal method: off() added there',
      code: `class Widget {\n  constructor(private readonly bus: EventBus) {\n    this.bus.on('theme', this.applyTheme);\n  }\n  applyTheme = () => {};\n  destroy() {\n    this.el.remove();\n  }\n}`,
      errors: [{ line: 3, column: 5, message: 'in this class' }],
      output: `class Widget {\n  constructor(private readonly bus: EventBus) {\n    this.bus.on('theme', this.applyTheme);\n  }\n  applyTheme = () => {};\n  destroy() {\n    this.bus.off('theme', this.applyTheme);\n    this.el.remove();\n  }\n}`,
    },
    {
      name: 'a module-level emitter, a listener per call',
      code: `import { EventEmitter } from 'node:events';\nconst changes = new EventEmitter();\nexport function watch(fn) {\n  changes.addListener('change', fn);\n}`,
      errors: [{ line: 4, column: 3, message: 'no removeListener(\'change\', …)' }],
    },
    {
      name: 'an imported singleton, in a class with dispose, named handler imported too',
      code: `import { ipcRenderer } from 'electron';\nimport { onUpdate } from './handlers';\nclass Updater {\n  start() {\n    ipcRenderer.on('update', onUpdate);\n  }\n  stop() {}\n}`,
      errors: [{ line: 5, column: 5 }],
      output: `import { ipcRenderer } from 'electron';\nimport { onUpdate } from './handlers';\nclass Updater {\n  start() {\n    ipcRenderer.on('update', onUpdate);\n  }\n  stop() {\n    ipcRenderer.off('update', onUpdate);\n  }\n}`,
    },
    {
      name: 'process handlers added by objects that have an end of life',
      code: `class Worker {\n  constructor() {\n    process.on('exit', () => this.flush());\n  }\n  flush() {}\n  close() {}\n}`,
      errors: [{ line: 3, column: 5, message: 'process outlives this call' }],
      output: null,
    },
    {
      name: 'a removal for another event does not count',
      code: `export function follow(handler) {\n  window.addEventListener('scroll', handler);\n}\nexport function unfollow(handler) {\n  window.removeEventListener('resize', handler);\n}`,
      errors: [{ line: 2, column: 3 }],
    },
    {
      name: 'an inline handler is not removed by an off() naming another handler',
      code: `const bus = new Bus();\nexport function listen() {\n  bus.on('tick', () => count++);\n}\nexport function stop(h) {\n  bus.off('tick', h);\n}`,
      errors: [{ line: 3, column: 3, message: 'inline function' }],
    },
    {
      name: 'VS Code: a discarded disposable in activate is wrapped in context.subscriptions.push',
      code: `import * as vscode from 'vscode';\nexport function activate(context: vscode.ExtensionContext) {\n  vscode.workspace.onDidChangeConfiguration(() => reload());\n}`,
      errors: [{ line: 3, column: 3, message: 'disposable returned by onDidChangeConfiguration() is discarded' }],
      output: `import * as vscode from 'vscode';\nexport function activate(context: vscode.ExtensionContext) {\n  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(() => reload()));\n}`,
    },
    {
      name: 'Monaco: a discarded disposable in a class that registers its others with this._register',
      code: `class Outline extends Disposable {\n  constructor(private readonly editor: ICodeEditor) {\n    super();\n    this._register(editor.onDidChangeCursorPosition(() => this.reveal()));\n    this.editor.onDidChangeModel(() => this.refresh());\n  }\n}`,
      errors: [{ line: 5, column: 5, message: 'onDidChangeModel()' }],
      output: `class Outline extends Disposable {\n  constructor(private readonly editor: ICodeEditor) {\n    super();\n    this._register(editor.onDidChangeCursorPosition(() => this.reveal()));\n    this._register(this.editor.onDidChangeModel(() => this.refresh()));\n  }\n}`,
    },
    {
      name: 'a configured registrar',
      options: { registrars: ['track'] },
      code: `class Panel {\n  constructor(private readonly model: Model) {\n    this.track(this.model.onChanged(() => this.render()));\n    this.model.onReset(() => this.clear());\n  }\n}`,
      errors: [{ line: 4, column: 5 }],
      output: `class Panel {\n  constructor(private readonly model: Model) {\n    this.track(this.model.onChanged(() => this.render()));\n    this.track(this.model.onReset(() => this.clear()));\n  }\n}`,
    },
    {
      name: 'an object subscribing to an application-wide source in its constructor, with no way to dispose it',
      code: `import * as vscode from 'vscode';\nclass NotebookSync {\n  constructor(client) {\n    this.client = client;\n    vscode.workspace.onDidOpenTextDocument((doc) => this.opened(doc));\n  }\n}`,
      errors: [{ line: 5, column: 5, message: 'keep it and dispose it when done' }],
    },
    {
      name: 'RxJS: a discarded subscription in an Angular component',
      code: `class Profile {\n  constructor(private readonly store: Store) {}\n  ngOnInit() {\n    this.store.select(user).subscribe((u) => (this.user = u));\n  }\n}`,
      errors: [{ line: 4, column: 5, message: 'takeUntil' }],
    },
    {
      name: 'a subscription stored in a private field that is never unsubscribed',
      code: `class Profile {\n  private sub?: Subscription;\n  constructor(private readonly store: Store) {}\n  ngOnInit() {\n    this.sub = this.store.changes$.subscribe((c) => this.apply(c));\n  }\n  ngOnDestroy() {}\n}`,
      errors: [{ line: 5, column: 16, message: 'stored in this.sub but never unsubscribed', relatedLines: [5] }],
    },
    {
      name: 'React: an effect that adds a listener and returns no cleanup',
      filename: 'size.tsx',
      code: `function useWindowSize() {\n  useEffect(() => {\n    window.addEventListener('resize', onResize);\n  }, []);\n}`,
      errors: [{ line: 3, column: 5, message: 'returns no cleanup' }],
      output: `function useWindowSize() {\n  useEffect(() => {\n    window.addEventListener('resize', onResize);\n    return () => window.removeEventListener('resize', onResize);\n  }, []);\n}`,
    },
    {
      name: 'React: one cleanup removes every named listener of the effect',
      filename: 'keys.tsx',
      code: `function useKeys(onKey, onBlur) {\n  useEffect(() => {\n    document.addEventListener('keydown', onKey);\n    window.addEventListener('blur', onBlur, { capture: true });\n  }, [onKey, onBlur]);\n}`,
      errors: [{ line: 3, column: 5 }, { line: 4, column: 5 }],
      output: `function useKeys(onKey, onBlur) {\n  useEffect(() => {\n    document.addEventListener('keydown', onKey);\n    window.addEventListener('blur', onBlur, { capture: true });\n    return () => {\n      document.removeEventListener('keydown', onKey);\n      window.removeEventListener('blur', onBlur, true);\n    };\n  }, [onKey, onBlur]);\n}`,
    },
    {
      name: 'React: an inline listener in an effect cannot be removed: no fix',
      filename: 'size.tsx',
      code: `function useOnline(setOnline) {\n  useEffect(() => {\n    window.addEventListener('online', () => setOnline(true));\n  }, []);\n}`,
      errors: [{ line: 3, column: 5, message: 'inline function' }],
      output: null,
    },
    {
      name: 'React: an effect that subscribes and returns no cleanup',
      filename: 'store.tsx',
      code: `function useStore(store) {\n  useEffect(() => {\n    store.changes$.subscribe((s) => setState(s));\n  }, [store]);\n}`,
      errors: [{ line: 3, column: 5, message: 'This effect subscribes and returns no cleanup' }],
    },
    {
      name: 'setMaxListeners(0) silences the leak warning',
      code: `export function createHub() {\n  const hub = new EventEmitter();\n  hub.setMaxListeners(0);\n  return hub;\n}`,
      errors: [{ line: 3, column: 3, message: 'MaxListenersExceededWarning' }],
    },
    {
      name: 'setMaxListeners(Infinity) too, even at module level',
      code: `process.setMaxListeners(Infinity);\nevents.setMaxListeners(Number.POSITIVE_INFINITY, target);`,
      errors: [{ line: 1, column: 1, message: 'setMaxListeners(Infinity)' }, { line: 2, column: 1 }],
    },
    {
      name: 'with checkPublic, a public field holding a subscription is checked',
      options: { checkPublic: true },
      code: `class Profile {\n  sub;\n  constructor(store) {\n    this.store = store;\n  }\n  ngOnInit() {\n    this.sub = this.store.changes$.subscribe((c) => this.apply(c));\n  }\n}`,
      errors: [{ line: 7, column: 16 }],
    },
  ],
});
