public import Logging
public import SwitchboardCore

extension Logger.Level {
    public init(_ level: SwitchboardConfiguration.LogLevel) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}

/// The process's one logging bootstrap: JSON lines on standard error at the configured level.
public enum LoggingSetup {
    public static func bootstrap(level: SwitchboardConfiguration.LogLevel, writer: any LogLineWriter = StandardErrorLogWriter()) {
        let level = Logger.Level(level)
        LoggingSystem.bootstrap { label in
            JSONLogHandler(label: label, writer: writer, level: level)
        }
    }
}
