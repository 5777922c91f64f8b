// The console's screens are renderers of the application layer's state: whoever imports the
// console sees that layer too.
@_exported import GPCNApp
