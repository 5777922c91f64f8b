import Foundation
import GPCNApp
import GPCNCore
import Testing

@Suite struct InventoryTests {
    /// Two batches: web (public, private-only, none yet) and "db prod" (a group name with a space).
    let entries = [
        Inventory.Entry(name: "web-1", batch: "web", vmId: "vm-1", privateIp: "10.0.0.11", publicIp: "203.0.113.11", user: "deploy"),
        Inventory.Entry(name: "web-2", batch: "web", vmId: "vm-2", privateIp: "10.0.0.12", user: "deploy"),
        Inventory.Entry(name: "web-3", batch: "web", vmId: "vm-3", user: "deploy", note: "no address yet"),
        Inventory.Entry(name: "db-1", batch: "db prod", vmId: "vm-4", privateIp: "10.0.1.5"),
    ]

    @Test func theAddressIsThePublicOneElseThePrivateOne() {
        #expect(entries.map(\.address) == ["203.0.113.11", "10.0.0.12", nil, "10.0.1.5"])
        // Something that is not an address is not written into a config.
        #expect(Inventory.Entry(name: "x", batch: "x", privateIp: "10.0.0.1\nHost *").address == nil)
        #expect(Inventory.Entry(name: "x", batch: "x", privateIp: "10.0.0.1", publicIp: "-oProxyCommand=x").address == "10.0.0.1")
    }

    @Test func ansibleINIHasAGroupPerBatchAndCommentsWhatHasNoAddress() {
        let text = Inventory.render(entries, format: .ansible)
        #expect(text == """
            # gpcn inventory: 3 of 4 VMs with an address

            [web]
            web-1 ansible_host=203.0.113.11 ansible_user=deploy
            web-2 ansible_host=10.0.0.12 ansible_user=deploy
            # web-3: no address yet

            [db_prod]
            db-1 ansible_host=10.0.1.5

            """)
    }

    @Test func ansibleYAMLQuotesEveryNameAndValue() {
        let text = Inventory.render(entries, format: .ansibleYAML)
        #expect(text == """
            # gpcn inventory: 3 of 4 VMs with an address
            all:
              children:
                web:
                  hosts:
                    "web-1":
                      ansible_host: "203.0.113.11"
                      ansible_user: "deploy"
                    "web-2":
                      ansible_host: "10.0.0.12"
                      ansible_user: "deploy"
                    # web-3: no address yet
                db_prod:
                  hosts:
                    "db-1":
                      ansible_host: "10.0.1.5"

            """)
        // A group none of whose VMs has an address is an empty mapping, not a null.
        let none = Inventory.render([entries[2]], format: .ansibleYAML)
        #expect(none.contains("    web:\n      hosts: {}\n        # web-3: no address yet\n"))
    }

    @Test func sshConfigHasAHostBlockPerVMAndNoUserWhenUnknown() {
        let text = Inventory.render(entries, format: .sshConfig)
        #expect(text == """
            # gpcn inventory: 3 of 4 VMs with an address

            Host web-1
              HostName 203.0.113.11
              User deploy

            Host web-2
              HostName 10.0.0.12
              User deploy

            # web-3: no address yet

            Host db-1
              HostName 10.0.1.5

            """)
    }

    @Test func csvHasEveryVMAndQuotesWhatNeedsIt() {
        var rows = entries
        rows.append(Inventory.Entry(name: "a,\"b\"", batch: "web", privateIp: "10.0.0.9"))
        let text = Inventory.render(rows, format: .csv)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "name,group,vm_id,address,private_ip,public_ip,user,note")
        #expect(lines[1] == "web-1,web,vm-1,203.0.113.11,10.0.0.11,203.0.113.11,deploy,")
        #expect(lines[3] == "web-3,web,vm-3,,,,deploy,no address yet")
        #expect(lines[4] == "db-1,db_prod,vm-4,10.0.1.5,10.0.1.5,,,")
        #expect(lines[5] == "\"a,\"\"b\"\"\",web,,10.0.0.9,10.0.0.9,,,")
        #expect(lines.count == 7 && lines[6] == "")
    }

    @Test func jsonHasEveryKeyOnEveryRow() throws {
        let text = Inventory.render(entries, format: .json)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            #expect(Set(row.keys) == ["name", "group", "vmId", "address", "privateIp", "publicIp", "user", "note"])
        }
        #expect(rows[0]["address"] as? String == "203.0.113.11")
        #expect(rows[2]["address"] is NSNull)
        #expect(rows[2]["note"] as? String == "no address yet")
        #expect(rows[3]["group"] as? String == "db_prod")
        #expect(rows[3]["user"] is NSNull)
    }

    @Test func unsafeHostNamesAreCommentedWithTheirAddressNotWritten() {
        let odd = [Inventory.Entry(name: "web server-1", batch: "web server", privateIp: "10.0.0.7"),
                   Inventory.Entry(name: "evil\nHost *", batch: "e", privateIp: "10.0.0.8"),
                   Inventory.Entry(name: "-oProxyCommand", batch: "e", privateIp: "10.0.0.9")]
        for format in [Inventory.Format.ansible, .ansibleYAML, .sshConfig] {
            let text = Inventory.render(odd, format: format)
            #expect(text.contains("# \"web server-1\": not usable as a host name here, address 10.0.0.7"), "\(format)")
            #expect(text.contains("# \"evil Host *\": not usable as a host name here, address 10.0.0.8"), "\(format)")
            #expect(text.contains("# \"-oProxyCommand\": not usable"), "\(format)")
            #expect(!text.contains("\nHost *") && !text.contains("\nHost -"), "\(format)")
            #expect(!text.contains("ansible_host=10.0.0") && !text.contains("HostName"), "\(format)")
        }
        #expect(Inventory.render(odd, format: .ansible).contains("[web_server]"))
        // An unsafe user is left out rather than written.
        let user = [Inventory.Entry(name: "a", batch: "a", privateIp: "10.0.0.1", user: "x y")]
        #expect(Inventory.render(user, format: .ansible).contains("a ansible_host=10.0.0.1\n"))
        #expect(!Inventory.render(user, format: .sshConfig).contains("User"))
    }

    @Test func groupNames() {
        #expect(Inventory.groupName("web") == "web")
        #expect(Inventory.groupName("web servers") == "web_servers")
        #expect(Inventory.groupName("app-prod.eu") == "app_prod_eu")
        #expect(Inventory.groupName("2fast") == "_2fast")
        #expect(Inventory.groupName("東京") == "__")
        #expect(Inventory.groupName("  ") == "gpcn")
        #expect(Inventory.groupName("all") == "all_vms")
        #expect(Inventory.groupName("ungrouped") == "ungrouped_vms")
    }

    @Test func formatNamesAreTheFlagValues() {
        #expect(Inventory.Format.allCases.map(\.rawValue) == ["ansible", "ansible-yaml", "ssh-config", "csv", "json"])
    }

    @Test func nothingToListIsStillAValidDocument() throws {
        #expect(Inventory.render([], format: .ansible) == "# gpcn inventory: 0 of 0 VMs with an address\n")
        #expect(Inventory.render([], format: .json) == "[\n\n]\n" || Inventory.render([], format: .json) == "[]\n")
        #expect(Inventory.render([], format: .ansibleYAML).hasSuffix("all: {}\n"))
    }

    @Test func entriesFromJobsTakeTheUserFromTheRequestElseTheImage() {
        func job(_ id: String, _ name: String, _ state: JobState, vm: String?, request: CreateVMRequest) -> TrackedJob {
            var j = Job(jobId: id, resourceId: vm, resourceName: name)
            j.isTerminal = state.isTerminal
            j.isCompleted = state == .succeeded
            j.hasFailed = state == .failed
            return TrackedJob(job: j, state: state, request: request)
        }
        let withUser = CreateVMRequest(datacenterId: "dc", imageId: "img", name: "web", numberOfInstances: 3, username: "deploy")
        let without = CreateVMRequest(datacenterId: "dc", imageId: "img", name: "db", numberOfInstances: 1)
        let other = CreateVMRequest(datacenterId: "dc", imageId: "unknown", name: "win", numberOfInstances: 1)
        let jobs = [job("j1", "web-1", .succeeded, vm: "vm-1", request: withUser),
                    job("j2", "web-2", .failed, vm: nil, request: withUser),
                    job("j3", "web-3", .running, vm: "vm-3", request: withUser),
                    job("j4", "db", .succeeded, vm: "vm-4", request: without),
                    job("j5", "win", .succeeded, vm: "vm-5", request: other),
                    job("j6", "web-1", .succeeded, vm: "VM-1", request: withUser)]
        let addresses = ["vm-1": VMAddresses(privateIp: "10.0.0.1"), "vm-4": VMAddresses(privateIp: "10.0.0.4", publicIp: "198.51.100.4"),
                         "vm-5": VMAddresses()]
        let rows = Inventory.entries(jobs, addresses: addresses, imageLogins: ["img": "ubuntu"])
        #expect(Inventory.entries(jobs, addresses: [:], gone: ["vm-4"]).map(\.note)
                == ["no address known (the lookup failed)", "no address yet (still being created)",
                    "not found on the server (deleted?)", "no address known (the lookup failed)"])
        #expect(rows.map(\.name) == ["web-1", "web-3", "db", "win"])  // the failed job has no VM; vm-1 once
        #expect(rows.map(\.batch) == ["web", "web", "db", "win"])
        #expect(rows.map(\.user) == ["deploy", "deploy", "ubuntu", nil])
        #expect(rows.map(\.address) == ["10.0.0.1", nil, "198.51.100.4", nil])
        #expect(rows[1].note == "no address yet (still being created)")
        #expect(rows[3].note == "no address yet")
        #expect(ImageLogins.needed(jobs) == ["dc": ["img", "unknown"]])
    }
}
