"""jupyter_kernel_test's conformance suite for the dstream-lab kernel.

Every sample attribute is filled, so no test of the suite is skipped. Run from the vitest suite
(test/kernel/conformance.test.ts), which installs the kernelspec into a temporary JUPYTER_DATA_DIR;
by hand: /usr/bin/python3 -m unittest -v test_dstream_lab_kernel (with the kernelspec installed).
"""

import unittest

import jupyter_kernel_test


class DStreamLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "dstream-lab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    completion_samples = [
        {"text": "const zzzAlpha = 1, zzzBeta = 2;\nzzz", "matches": {"zzzAlpha", "zzzBeta"}},
        {"text": "sc.paralleliz", "matches": {"parallelize"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 1;", "function f(): number {\n  return 1;\n}"]
    incomplete_code_samples = ["function f() {", "const xs = [1,", "if (true) {\n  console.log(1);"]
    invalid_code_samples = ["const = 5;", "1 +* 2;", "let x = );"]

    code_page_something = "sc?"

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "1 + 2 + 3", "result": "6"},
        {"code": "6 * 7", "result": "42"},
        {"code": "sc.parallelize([1, 2, 3, 4]).count()", "result": "4"},
    ]

    code_display_data = [
        {"code": 'void display({ "text/html": "<b>hi</b>", "text/plain": "hi" }, { raw: true })', "mime": "text/html"},
        {"code": 'void display("plain text")', "mime": "text/plain"},
    ]

    code_history_pattern = "1 + 2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "sc"

    code_clear_output = "clearOutput()"


if __name__ == "__main__":
    unittest.main()
