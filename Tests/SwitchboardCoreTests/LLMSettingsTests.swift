import Foundation
import SwitchboardCore
import Testing

@Suite("SWITCHBOARD_LLM_* settings")
struct LLMSettingsTests {
    @Test("unset: no providers (the offline model), and the default daily budgets")
    func offlineByDefault() throws {
        let configuration = try loadConfiguration([:])
        #expect(configuration.llm == LLMSettings())
        #expect(configuration.agents.dailyTokenBudgets[.free] == 20_000)
    }

    @Test("providers in order with their kind, endpoint, model, timeout and prices; the key from a file, never printed")
    func providers() throws {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("llm-key-\(UUID().uuidString)")
        try "sk-from-file\n".write(to: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let environment = [
            "SWITCHBOARD_LLM_PROVIDERS": "Primary, backup,last",
            "SWITCHBOARD_LLM_PRIMARY_KIND": "openai", "SWITCHBOARD_LLM_PRIMARY_BASE_URL": "https://api.example.com/",
            "SWITCHBOARD_LLM_PRIMARY_MODEL": "gpt-4o-mini", "SWITCHBOARD_LLM_PRIMARY_API_KEY": "sk-inline",
            "SWITCHBOARD_LLM_PRIMARY_TIMEOUT_SECONDS": "12", "SWITCHBOARD_LLM_PRIMARY_INPUT_PRICE_PER_MTOK": "0.15",
            "SWITCHBOARD_LLM_PRIMARY_OUTPUT_PRICE_PER_MTOK": "0.6",
            "SWITCHBOARD_LLM_BACKUP_KIND": "anthropic", "SWITCHBOARD_LLM_BACKUP_BASE_URL": "https://api.anthropic.com",
            "SWITCHBOARD_LLM_BACKUP_MODEL": "claude-haiku", "SWITCHBOARD_LLM_BACKUP_API_KEY_FILE": keyFile.path,
            "SWITCHBOARD_LLM_LAST_KIND": "offline", "SWITCHBOARD_LLM_DAILY_TOKENS_FREE": "500",
            "SWITCHBOARD_LLM_DAILY_TOKENS_PRO": "unlimited", "SWITCHBOARD_LLM_OPERATOR_USER": "operator",
        ]
        let loader = ConfigurationLoader(environment: environment)
        let configuration = try loader.load()
        #expect(loader.unknownEnvironmentSettings == [])
        let providers = configuration.llm.providers
        #expect(providers.map(\.name) == ["primary", "backup", "last"])
        #expect(providers.map(\.kind) == [.openai, .anthropic, .offline])
        #expect(providers[0].baseURL == "https://api.example.com" && providers[0].model == "gpt-4o-mini")
        #expect(providers[0].timeoutSeconds == 12 && providers[0].inputPricePerMTok == 0.15 && providers[0].outputPricePerMTok == 0.6)
        #expect(providers[0].apiKey == "sk-inline" && providers[1].apiKey == "sk-from-file")
        #expect(!"\(providers)".contains("sk-"))
        #expect(configuration.agents.dailyTokenBudgets[.free] == 500 && configuration.agents.dailyTokenBudgets[.pro] == nil)
        #expect(configuration.llm.operatorUserID == "operator")
    }

    @Test("a listed provider without its kind, endpoint or model, or with a bad value, is refused by name")
    func refusals() {
        #expect(throws: ConfigurationError.missingRequired(
            setting: "SWITCHBOARD_LLM_A_KIND", reason: "provider a is listed in SWITCHBOARD_LLM_PROVIDERS")) {
            try loadConfiguration(["SWITCHBOARD_LLM_PROVIDERS": "a"])
        }
        #expect { try loadConfiguration(["SWITCHBOARD_LLM_PROVIDERS": "a", "SWITCHBOARD_LLM_A_KIND": "openai"]) } throws: {
            ($0 as? ConfigurationError)?.setting == "SWITCHBOARD_LLM_A_BASE_URL"
        }
        #expect { try loadConfiguration(["SWITCHBOARD_LLM_PROVIDERS": "a", "SWITCHBOARD_LLM_A_KIND": "gemini"]) } throws: {
            ($0 as? ConfigurationError)?.setting == "SWITCHBOARD_LLM_A_KIND"
        }
        #expect { try loadConfiguration(["SWITCHBOARD_LLM_PROVIDERS": "a,a"]) } throws: {
            ($0 as? ConfigurationError)?.setting == "SWITCHBOARD_LLM_PROVIDERS"
        }
        #expect {
            try loadConfiguration([
                "SWITCHBOARD_LLM_PROVIDERS": "a", "SWITCHBOARD_LLM_A_KIND": "openai", "SWITCHBOARD_LLM_A_BASE_URL": "http://x",
                "SWITCHBOARD_LLM_A_MODEL": "m", "SWITCHBOARD_LLM_A_API_KEY_FILE": "/nonexistent/key",
            ])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.setting == "SWITCHBOARD_LLM_A_API_KEY_FILE"
        }
        // Another provider's variables, not listed, are typos worth a warning.
        let loader = ConfigurationLoader(environment: ["SWITCHBOARD_LLM_OTHER_KIND": "openai"])
        #expect(loader.unknownEnvironmentSettings == ["SWITCHBOARD_LLM_OTHER_KIND"])
    }
}
